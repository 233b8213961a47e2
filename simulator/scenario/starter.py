"""The commented starter scenario that `new` writes: valid, playable, and shaped for one kind of customer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from simulator.paths import program_name
from simulator.scenario.model import DIFFICULTIES, KINDS

# The schema's id pattern: 64 characters at most keeps "<id>.yaml" a legal file name everywhere.
MAX_ID_LENGTH = 64
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Reply:
    """One authored choice of the starter: what the trainee says, its points, and its coaching."""

    text: str
    effects: dict[str, int]
    feedback: str


@dataclass(frozen=True)
class KindStarter:
    """The kind-specific parts of a starter: who calls, how, the detail to catch, the good move and the traps."""

    title: str
    role: str
    need: str  # what this kind of customer needs first, from the principles
    mood: int
    vent: bool  # does the caller open by letting off steam?
    opening: str
    detail: tuple[str, str]  # (detail id, what the customer said)
    good: Reply  # the kind, listening first answer
    hasty: Reply  # plausible but weaker: a premature fix on a venting node, else a shortcut
    trap: Reply  # the reasonable-sounding line that breaks a principle
    upset: str  # how the customer reacts to the trap
    fix: str  # what the agent does about it
    promise: str  # the dated next step, phrased after "I'll"
    vague: str  # the fix with no date or step in it
    recall_line: str  # the reply that uses the detail instead of asking for it again


STARTERS: dict[str, KindStarter] = {
    "irate": KindStarter(
        "The double charge",
        "customer charged twice",
        "to be heard out, calmly, and taken seriously",
        -50,
        True,
        "You've charged me twice for order 4471 and nobody has fixed it. I want it sorted, now!",
        ("order", "4471"),
        Reply(
            "Charged twice, and still not fixed: I'd be angry too, and I'm sorry. Tell me what's happened so far.",
            {"empathy": 2, "no_blame": 1},
            "You named the problem and apologised for the company before anything else. Anger needs to be heard first.",
        ),
        Reply(
            "Let me take your card details and look into it.",
            {"empathy": -1},
            "A form before they have finished tells them the anger is in the way. Let them get it out.",
        ),
        Reply(
            "That's not my department, I'm afraid; billing did that, and they're the only ones who can reverse a "
            "payment, so you'd really need to take it up with them directly.",
            {"no_blame": -2, "empathy": -1},
            "Pointing at another team sounds honest but tells them nobody owns the problem. Say 'we'.",
        ),
        "Are you even listening? I don't care whose department it is!",
        "I can see both payments for order 4471, and I've refunded the second one now.",
        "call you on Thursday to check it's back on your card",
        "It should sort itself out in a few days. Duplicate payments usually drop off once the bank notices, so keep "
        "an eye on your statement, and if it's still there next month, give us another ring.",
        "Nothing: I have order 4471 from what you said, so you won't need to repeat it.",
    ),
    "venting": KindStarter(
        "Three weeks of excuses",
        "customer who needs to let off steam",
        "a few uninterrupted minutes of listening",
        -40,
        True,
        "Three weeks! Three weeks of excuses about my broadband, and I work from home. Do you know what that's like?",
        ("weeks", "three weeks"),
        Reply(
            "Three weeks without broadband when you work from home: that's exhausting. Go on, I'm listening.",
            {"empathy": 2},
            "You let them keep going and showed you heard what it costs them. For a venting "
            "caller, listening is half the fix.",
        ),
        Reply(
            "Let me run a line test for you right away; it takes about ten minutes, and while it runs I'll check your "
            "area for faults and look at your router settings too.",
            {"empathy": -1},
            "A fix while they are still letting off steam sounds like you want them off the line. Let them finish.",
        ),
        Reply(
            "Lots of people in your area have the same problem.",
            {"empathy": -2, "no_blame": -1},
            "Telling them they are one of many makes their three weeks sound ordinary. Their problem is your problem.",
        ),
        "So I'm just one of many? That makes it worse, not better.",
        "I've found a fault at the exchange and booked an engineer for tomorrow morning.",
        "call you tomorrow afternoon to check you're back online",
        "It should be fixed soon. The engineers work through the faults in your area in order, "
        "and yours is on the list, "
        "so it's really just a case of waiting your turn; it won't be much longer now.",
        "Nothing more. Three weeks without it when you work from home: I'll treat it as urgent.",
    ),
    "confused": KindStarter(
        "The letter that makes no sense",
        "customer unsure what went wrong",
        "clarifying questions and no assumptions",
        -10,
        False,
        "I got a letter about my account, something about a 'transfer', and now my card won't "
        "work. I don't understand any of it.",
        ("letter", "a letter about a transfer"),
        Reply(
            "So a letter mentioned a transfer, and now your card won't work. What does it say at the top?",
            {"listening": 2, "empathy": 1},
            "You restated what you heard in plain words and asked one clear question. No assumptions, no jargon.",
        ),
        Reply(
            "Can I take your account number first?",
            {"listening": -1},
            "Process before understanding. They are lost; find out what happened before asking for numbers.",
        ),
        Reply(
            "That'll be the annual card renewal; those letters confuse everyone. Just activate the new card in the app "
            "or on the number on its sticker, then cut up the old one and you're done.",
            {"listening": -2, "resolution": -1},
            "An assumption dressed as efficiency. Restate what you heard and ask before you diagnose.",
        ),
        "Renewal? I don't think so. Now I'm even more confused.",
        "Your account moved to a new branch, and the old card stopped with it. A new card is "
        "on its way, and phone payments work today.",
        "ring you on Friday to check the new card works",
        "It'll all make sense once the new card comes. These letters go out automatically "
        "whenever something changes on "
        "an account, so there's nothing to worry about; just wait for the post and follow the instructions inside.",
        "Nothing more yet. You said a letter about a transfer came first, so I'll start there.",
    ),
    "website_question": KindStarter(
        "What time do you close?",
        "customer with a simple question",
        "a friendly answer, with no hint they could have looked it up",
        10,
        False,
        "Hello, sorry to bother you. What time does your Riverside branch close on Saturdays?",
        ("branch", "Riverside"),
        Reply(
            "No bother at all. Let me look up Riverside for you.",
            {"empathy": 2, "no_blame": 1},
            "Warm and welcoming: the way they chose to ask is fine, and you repeated the branch they named.",
        ),
        Reply(
            "Which branch was that?",
            {"listening": -2},
            "They named Riverside in their first sentence. Asking again says you were not listening.",
        ),
        Reply(
            "It's all on our website, under Store Finder at the top of the home page, where you can see every branch's "
            "hours, but I can tell you this time.",
            {"empathy": -2, "no_blame": -1},
            "Mentioning the website first tells them they should not have called. Just answer, warmly.",
        ),
        "Oh. Sorry, I did try the website. I'm not very good with it.",
        "Riverside is open from nine until five on Saturdays.",
        "text you the Saturday hours and the address now, so you have them to hand",
        "It's open most of the day, I think. Hours vary a bit from branch to branch and change "
        "in the holidays, so it's "
        "best to check before you set off, but it's usually open through the afternoon.",
        "Nothing at all. I have Riverside, so let me give you the Saturday hours.",
    ),
    "discontinued_product": KindStarter(
        "Spare parts for an old favourite",
        "loyal owner of a retired product",
        "honesty, and an alternative that serves them",
        -10,
        False,
        "I need a new battery for my Model 40 vacuum. It's been perfect for twelve years.",
        ("model", "Model 40"),
        Reply(
            "Twelve years is a great run. Let me check honestly what we still have for the Model 40.",
            {"empathy": 1, "listening": 1},
            "You respected their loyalty and promised an honest check. That makes bad news easier to hear.",
        ),
        Reply(
            "I'll order you a new battery.",
            {"resolution": -1, "follow_up": -1},
            "A promise made before checking. If the part no longer exists, this becomes a complaint later.",
        ),
        Reply(
            "That model has been obsolete for years now, so there's nothing we can do, I'm afraid; once a product is "
            "retired the parts run out and the manufacturer stops supporting it.",
            {"resolution": -2, "empathy": -1},
            "A closed door with nothing behind it. Be honest, then offer a real alternative.",
        ),
        "Nothing at all? After twelve years? That's not much of an answer.",
        "The last Model 40 batteries went in 2019. The Model 60 takes your old hose and head, "
        "and you'd get a third off.",
        "call you next week to check the new one suits you",
        "You might find a battery online somewhere. Plenty of sellers on the auction sites "
        "have old stock and copies that "
        "fit, though we can't vouch for any of them, so it's really down to you if you try.",
        "Nothing more. I have the Model 40 from what you said, so let me check the parts list.",
    ),
    "habitual_complainer": KindStarter(
        "The regular caller",
        "customer who calls every week",
        "an open mind: this time the problem may be real",
        -30,
        False,
        "It's me again. Yes, I know. My meter reading is wrong again, and this time I took a photo of it.",
        ("photo", "a photo of the meter"),
        Reply(
            "Thanks for the photo; that's really useful. What does the meter show?",
            {"empathy": 1, "listening": 1, "composure": 1},
            "You treated today's call as new and picked up the evidence they brought. Keep an open mind.",
        ),
        Reply(
            "I'll send someone to read it next month.",
            {"resolution": -1, "follow_up": -1},
            "A slow fix before you have looked at what they brought. The photo might settle it today.",
        ),
        Reply(
            "Before we start, your account shows most of your calls this year turned out to be reading errors on your "
            "side, so let's double-check how you read the meter this time.",
            {"no_blame": -2, "listening": -1},
            "History sounds like honest context, but it dismisses today's call. Every call is new.",
        ),
        "I knew it. Every time it's my fault. Look at the photo!",
        "Your photo shows we swapped two digits. I've corrected the bill and refunded the difference.",
        "email you the corrected bill today and ring on Monday to make sure it's right",
        "It should be right on your next bill. Readings tend to even out over a few months as "
        "the estimates catch up, so "
        "if it still looks high after that, send the photo in and we'll take another look.",
        "Could you send me the photo of the meter you took? It could settle this today.",
    ),
    "urgent_problem": KindStarter(
        "The till is down",
        "shop owner losing sales",
        "speed, the facts quickly, a concrete fix or timeline",
        -40,
        False,
        "My till system is down, there's a queue out the door, and the screen says error 12. I need it working now!",
        ("error", "error 12"),
        Reply(
            "I'll get you trading as fast as I can. Is the till on Wi-Fi or a cable?",
            {"resolution": 1, "empathy": 1},
            "One line of reassurance and one sharp question. Urgent callers need speed more than sympathy speeches.",
        ),
        Reply(
            "I'm so sorry, that must be incredibly stressful for you and your whole team right now.",
            {"empathy": 1, "resolution": -1},
            "Kind, but slow: with a queue at the door a long sympathy speech sounds like "
            "delay. Reassure in a few words and start fixing.",
        ),
        Reply(
            "I'll raise a ticket and someone will call you within two days.",
            {"resolution": -2, "follow_up": -1},
            "A two-day ticket for a problem costing money now. Urgent callers need a fix or a timeline today.",
        ),
        "Two days? I'm losing sales right now! Are you listening?",
        "Error 12 means the reader lost its link. I've reset it from here, and a replacement reaches you by three.",
        "call you at quarter past three to check it's taking payments",
        "An engineer will be in touch soon. They work through the jobs in the order they come "
        "in, and there are quite a "
        "few today, so I can't say exactly when, but your details are all on the ticket.",
        "Nothing more: error 12 tells me where to look.",
    ),
    "transferred_and_held": KindStarter(
        "The fourth transfer",
        "customer passed around for an hour",
        "the wasted time acknowledged, and ownership from here on",
        -50,
        True,
        "Forty minutes on hold and four transfers. I just want to change my delivery date.",
        ("wait", "forty minutes and four transfers"),
        Reply(
            "Forty minutes and four transfers: I'm sorry. You won't be passed on again.",
            {"empathy": 2, "no_blame": 1},
            "You named the wasted time and owned the call from here. That is what a transferred caller needs first.",
        ),
        Reply(
            "Sure. What's your order number?",
            {"empathy": -1},
            "Straight to business, as if the wait never happened. One sentence about it costs nothing.",
        ),
        Reply(
            "Hold times are really long today, I'm afraid, because everyone's calling about "
            "the weather delays and we're "
            "short-staffed this week, so the queues have backed up right across the board.",
            {"no_blame": -2, "empathy": -1},
            "An excuse for the wait, not an apology for it. Own the lost time.",
        ),
        "I don't care why. I've been passed around all morning!",
        "I've moved your delivery to Saturday morning myself; no more transfers.",
        "text you the confirmation now, with my direct number in case anything changes",
        "That should update on the system soon. Changes like this usually go through "
        "overnight, though it can take a day "
        "or two to show, so if it hasn't changed by the weekend just give us a call back.",
        "Nothing you haven't already told four people. I'll work from what you've said.",
    ),
    "own_mistake": KindStarter(
        "The wrong date",
        "customer who booked the wrong date",
        "a kind explanation of what happened and how to avoid it",
        -20,
        False,
        "My tickets say the 12th, but I booked for the 21st! Your site must have changed it.",
        ("date", "the 21st"),
        Reply(
            "That's worrying, so let's look at it together. Let me see what the booking says.",
            {"empathy": 1, "no_blame": 1},
            "You took the worry seriously and checked before saying anything about the cause.",
        ),
        Reply(
            "Our site doesn't change dates.",
            {"no_blame": -1, "empathy": -1},
            "A defence of the site before you have looked. Check the booking first, then explain.",
        ),
        Reply(
            "You picked the 12th yourself, I'm afraid; it's right there on your confirmation "
            "email, and our system only "
            "books the date you click, so it can't have changed on its own.",
            {"no_blame": -2, "empathy": -1},
            "True and blaming. Explain what happened kindly, then show how to avoid it next time.",
        ),
        "So it's my fault? I'm sure I picked the 21st.",
        "The booking says the 12th; the dates sit side by side, an easy slip. I've moved your "
        "tickets free, and a glance at "
        "the confirmation email catches it next time.",
        "email you the new tickets within the hour",
        "Dates can't usually be changed, but I'll see. It depends on the event and how full it is, and the team that "
        "handles changes is really backed up this week, so I can't promise anything, but I'll put a note on it.",
        "Just your booking reference. I have the 21st as the date you wanted.",
    ),
    "coworker_mistake": KindStarter(
        "The wrong plan",
        "customer a colleague set up wrongly",
        "an apology on behalf of the company, no finger-pointing",
        -40,
        False,
        "I asked your shop for the unlimited plan, and now I've got a bill for 60 pounds of extra data.",
        ("amount", "60 pounds"),
        Reply(
            "You asked for unlimited and got billed for extra data. That's our mistake. I'm sorry.",
            {"empathy": 1, "no_blame": 2},
            "An apology for the company, with nobody singled out. 'Our mistake' is all they "
            "need to hear about the cause.",
        ),
        Reply(
            "Let me check which plan you signed up for.",
            {"empathy": -1},
            "Checking is right, but 'signed up for' hints the fault is theirs. Apologise for the company first.",
        ),
        Reply(
            "Sorry, the shop staff get that wrong all the time, honestly; they're mostly new and rush the sign-ups, so "
            "we see bills like yours every week and fix them from here.",
            {"no_blame": -2, "empathy": -1},
            "Blaming colleagues sounds sympathetic but tells them the company is careless. Apologise for 'us'.",
        ),
        "All the time? So your shops are careless and I'm the one paying?",
        "I've moved you to unlimited from the day you joined and refunded the extra data charges in full.",
        "check your next bill myself and call you when it arrives",
        "It'll be sorted on a future bill. Once the plan change goes through, the billing "
        "system takes a cycle or two to "
        "catch up, so the credit will appear at some point, probably in the next couple of months.",
        "Nothing more. I have the 60 pounds of extra data from what you said.",
    ),
    "long_investigation": KindStarter(
        "The missing parcel",
        "customer whose parcel is lost in a depot",
        "progress updates, a timeline, and follow-up until it is done",
        -30,
        False,
        "My parcel has been stuck at your depot for a week. Tracking number SL-4410. Nobody tells me anything.",
        ("tracking", "SL-4410"),
        Reply(
            "A week with no news is awful, and I'm sorry. Let me find out where it is right now.",
            {"empathy": 2, "no_blame": 1},
            "You apologised for the silence and started looking at once. Silence is what they rang about.",
        ),
        Reply(
            "I'll raise a lost parcel claim.",
            {"resolution": -1, "empathy": -1},
            "Compensation before a search sounds like giving up on the parcel. Find it first.",
        ),
        Reply(
            "We'll contact you as soon as there's any news; the depot team are very busy this week, so it may take a "
            "while, but your parcel is in the system and it will turn up eventually.",
            {"follow_up": -2},
            "That is the silence they rang about. Give a date for the next update, news or not.",
        ),
        "That's what I've been told all week. When?",
        "The last scan was at the depot on Monday, and I've opened a full search there today.",
        "call you every two days with what we've found, starting Wednesday, even if it's nothing",
        "These searches take as long as they take, I'm afraid. The depot is very busy and "
        "parcels do turn up in the end, "
        "so it's best to sit tight; if we find anything, someone from the team will let you know.",
        "Nothing more: I have tracking SL-4410 from what you said.",
    ),
}

# Patience and a mood shift per difficulty: harder callers start angrier and give up sooner.
DIFFICULTY_PATIENCE = {"easy": 70, "medium": 55, "hard": 40}
DIFFICULTY_MOOD_SHIFT = {"easy": 0, "medium": -10, "hard": -20}


def suggest_id(text: str) -> str:
    """A valid scenario id made from ``text`` ('Late Refund!' -> 'late_refund'), or '' if none can be made."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")
    if slug and not slug[0].isalpha():
        slug = f"call_{slug}"  # ids must start with a letter
    return slug[:MAX_ID_LENGTH].rstrip("_")


def _q(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars, so quoting is exact and safe.
    return json.dumps(text, ensure_ascii=False)


def _pad(text: str, width: int = 31) -> str:
    # Line the trailing comments up in one column, whatever the values' lengths.
    return text.ljust(width - 1) + " "


def _flow(effects: dict[str, int]) -> str:
    # A YAML flow mapping such as {empathy: 2, no_blame: 1}, in the order the table gives.
    return "{" + ", ".join(f"{k}: {v}" for k, v in effects.items()) + "}"


def _choice(
    reply: Reply, nxt: str, extra: list[str] | None = None, mood: int = 0, patience: int = 0
) -> str:
    """One choice block at the indentation the nodes use."""
    lines = [
        f"      - text: {_q(reply.text)}",
        *(extra or []),
        f"        effects: {_flow(reply.effects)}",
    ]
    if mood:
        lines.append(f"        mood: {mood}")
    if patience:
        lines.append(f"        patience: {patience}")
    lines += [f"        feedback: {_q(reply.feedback)}", f"        next: {nxt}"]
    return "\n".join(lines)


def _comment(block: str, key: str, note: str) -> str:
    """``block`` with a trailing ``# note`` on its first ``key:`` line."""
    out = []
    done = False
    for line in block.split("\n"):
        if not done and line.lstrip().startswith(f"{key}:"):
            line = _pad(line) + f"# {note}" if len(line) < 30 else f"{line}  # {note}"
            done = True
        out.append(line)
    return "\n".join(out)


DEFAULT_SCHEMA_REF = "../simulator/schema/scenario.schema.json"  # from a file in scenarios/
SCHEMA_HINT = "# yaml-language-server: $schema="


def schema_link(target: Path) -> str:
    """The editor's schema link for a scenario file at ``target``, chosen to survive the file moving.

    A copy of the schema beside the file (``schema --write DIR``) is linked by its bare name, so
    the folder can move or be shared whole. A file in a checkout's own scenarios/ keeps the
    shipped relative link, which moves with the repository. Anywhere else the link is the
    schema's absolute ``file://`` address: a relative path from a drafts folder broke as soon as
    the file moved, and an absolute one keeps working wherever the file goes on this machine.
    """
    from simulator.paths import PROJECT_ROOT, SCENARIO_SCHEMA, is_checkout

    if (target.parent / SCENARIO_SCHEMA.name).is_file():
        return SCENARIO_SCHEMA.name
    schema = SCENARIO_SCHEMA.resolve()
    folder = target.parent.resolve()
    if is_checkout() and folder == (PROJECT_ROOT / "scenarios").resolve():
        return DEFAULT_SCHEMA_REF
    return schema.as_uri()


def schema_link_target(link: str, file: Path) -> Path | None:
    """The file a schema link names, read as an editor reads it from ``file`` (None for a web address)."""
    from urllib.parse import unquote, urlparse

    if link.startswith(("http://", "https://")):
        return None
    if link.startswith("file:"):
        return Path(unquote(urlparse(link).path))
    return file.parent / link


def starter_yaml(
    scenario_id: str,
    kind: str,
    difficulty: str = "easy",
    *,
    schema_ref: str = DEFAULT_SCHEMA_REF,
    shown_path: str | None = None,
) -> str:
    """The text of a commented starter scenario for ``kind`` that validates clean and plays to every ending.

    ``schema_ref`` is the schema link for the written file (see :func:`schema_link`); ``shown_path`` is how the
    header's example commands name the file (default ``scenarios/ID.yaml``).
    """
    if not ID_PATTERN.match(scenario_id):
        raise ValueError(f"'{scenario_id}' is not a valid scenario id")
    if kind not in KINDS or kind not in STARTERS:
        raise ValueError(f"unknown kind '{kind}'")
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty '{difficulty}'")
    s = STARTERS[kind]
    shown = shown_path or f"scenarios/{scenario_id}.yaml"
    prog = program_name()  # the header's commands name the program as this user runs it
    detail_id, detail_value = s.detail
    mood = max(-100, min(100, s.mood + DIFFICULTY_MOOD_SHIFT[difficulty]))
    patience = DIFFICULTY_PATIENCE[difficulty]
    if s.vent:
        vent_line = (
            "    vent: true                 "
            "# still letting off steam: `style: listen` earns, `style: fix` costs"
        )
        good_extra = ["        style: listen          # a keep-listening move"]
        hasty_extra = [
            "        style: fix             # offered while the customer is still venting: premature"
        ]
    else:
        vent_line = (
            "    vent: false                # not venting: answer straight away. Set true for "
            "a caller letting off steam,\n"
            "                               # then mark choices `style: listen` (earns) or `style: fix` (costs)"
        )
        good_extra, hasty_extra = [], []
    good = _choice(s.good, "details", good_extra, mood=15)
    # Explain the choice keys once, on the first choice.
    good = _comment(good, "effects", "points per principle, -10..10")
    good = _comment(good, "mood", "how the customer's mood moves")
    good = _comment(good, "feedback", "the coaching in the debrief")
    good = _comment(good, "next", "a node or an ending")
    hasty = _choice(s.hasty, "details", hasty_extra, mood=-5)
    trap = _choice(s.trap, "upset", mood=-25, patience=-40)
    recover = _choice(
        Reply(
            "I'm sorry, that came out wrong. Let me start again and sort this out for you.",
            {"empathy": 1, "composure": 1},
            "A calm, short apology and a fresh start. Respond, don't react.",
        ),
        "details",
        mood=15,
    )
    # Here the curt line is the trap: elsewhere the long-winded lines are, so length never points to the best reply.
    defend = _choice(
        Reply(
            "I was only trying to help.",
            {"composure": -2, "empathy": -1},
            "Defending yourself makes the call about you. Apologise for how it sounded and move on.",
        ),
        "hung_up",
        mood=-30,
    )
    return f"""\
{SCHEMA_HINT}{schema_ref}
# The line above lets editors with the YAML extension check this file as you type.
# A starter scenario for the kind '{kind}'. This caller needs {s.need}.
# Edit the words, add nodes, then run:
#   {prog} validate --strict {shown}
#   {prog} play {shown}
# A library scenario needs at least 6 decisions on its best path; this starter has 4.

{_pad(f"id: {scenario_id}")}# the file name without .yaml; lower case, digits, underscores
{_pad(f"title: {_q(s.title)}")}# shown in the scenario picker
summary: {_q("One line for the picker: who calls and what they need.")}
{_pad(f"kind: {kind}")}# one of the eleven kinds of customer
{_pad(f"difficulty: {difficulty}")}# easy, medium or hard
teaches: [listening, empathy]  # 1 to 3 principles of the rubric: what this call teaches

persona:                       # the customer on the line
  name: "Alex Morgan"          # fictional, always
  role: {_q(s.role)}
{_pad(f"  mood: {mood}")}# -100 furious .. 0 neutral .. 100 delighted
{_pad(f"  patience: {patience}")}# 1..100; at 0 the call goes to on_patience_out
  voice: {{gender: neutral, age: adult, accent: en-gb, rate: 1.0, pitch: 1.0}}  # speech hints
  portrait: {{skin: "#c68e6a", hair: "#3b2a20", hair_style: short, shirt: "#4a6fa5", glasses: false, beard: false}}  # quote colours: '#' starts a comment

# weights: {{empathy: 2.0}}      # optional: change a principle's weight from the rubric

start: opening                 # the node the call opens with
on_patience_out: hung_up       # where the call goes when patience reaches 0

nodes:                         # each node: what the customer says and the trainee's choices
  opening:
    say:                       # one line, or a list of wording variants picked by the seed
      - {_q(s.opening)}
{_pad(f"    mentions: {{{detail_id}: {_q(detail_value)}}}")}# details said here, for `recall:` later
{vent_line}
    choices:                   # what the trainee can say: two to four options
{good}
{hasty}
{trap}

  upset:
    say: {_q(s.upset)}
    choices:
{recover}
{defend}

  details:
    say: "Right. What do you need from me?"
    respond_within: 15         # seconds before silence counts as dead air
    choices:
      - text: {_q(s.recall_line)}
{_pad(f"        recall: {detail_id}")}# shown only once the customer has mentioned it; earns listening
        effects: {{resolution: 1}}
        feedback: "You used what they already told you. Nobody likes repeating themselves."
        next: solution
      - text: "Before I do anything, could you give me all the details again from the start, with your account number, postcode and exactly what happened, so I have it all in one place?"
        effects: {{listening: -1}}
        mood: -10
        feedback: "They told you at the start. Catch the detail the first time."
        next: solution

  solution:
    say: "So can you help?"
    choices:
      - text: {_q(f"{s.fix} And I'll {s.promise}.")}
        effects: {{resolution: 2, follow_up: 2}}
        set: [promised]        # a flag a later `if:` can test
        mood: 20
        feedback: "A fix plus a dated next step: they know what happens and when."
        next: wrap
      - text: {_q(s.vague)}
        effects: {{resolution: -1, follow_up: -1}}
        feedback: "A promise with no date and no next step is one nobody can check. Say what happens and when."
        next: wrap

  wrap:
    say: "Right. Thank you for that."
    interrupt_ok: true         # cutting in here costs nothing
    choices:
      - text: {_q(f"You're welcome. As promised, I'll {s.promise}.")}
        if: {{flag: promised}}   # shown only when the flag is set
        effects: {{follow_up: 2, composure: 1, empathy: 1}}
        mood: 15
        feedback: "A calm, warm close with the promise repeated."
        next: resolved
      - text: {_q(f"You're welcome. One more thing: I'll {s.promise}.")}
        if: {{not_flag: promised}}  # the warm twin, so a good close is always on offer
        effects: {{follow_up: 1, composure: 1, empathy: 1}}
        mood: 10
        feedback: "A warm close with a next step at last. Giving it with the fix would have been better still."
        next: resolved
      - text: "Is there anything else at all I can help you with today? No? Then thank you for calling, thanks for your patience while we sorted that out, and have a lovely rest of your day."
        effects: {{follow_up: -1}}
        feedback: "Polite, but it says nothing about what happens next."
        next: unhappy

endings:                       # how the call can end
  resolved:
    outcome: resolved          # resolved, callback_scheduled, declined_with_alternative, resolved_unhappy,
                               # ended_by_agent (these can pass); transferred, escalated, hung_up (these cannot)
    satisfaction: 5            # optional: the most stars (1..5) the customer gives here
    say: "That's exactly what I needed. Thank you."
    summary: "Sorted, with a next step the customer trusts."
  unhappy:
    outcome: resolved_unhappy
    satisfaction: 3
    say: "Fine. Goodbye."
    summary: "Sorted, but the customer is not sure what happens next."
  hung_up:
    outcome: hung_up
    satisfaction: 1
    say: "I'll leave it there. Goodbye."
    summary: "The customer gave up and hung up."
"""
