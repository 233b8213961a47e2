"""The commented starter scenario that `new` writes: valid, playable, and shaped for one kind of customer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from simulator.model import DIFFICULTIES, KINDS

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class KindStarter:
    """The kind-specific parts of a starter: who calls, what they say first, the detail to catch, the trap."""

    title: str
    role: str
    need: str  # what this kind of customer needs first, from the principles
    mood: int
    opening: str
    detail: tuple[str, str]  # (detail id, what the customer said)
    trap: str
    trap_feedback: str


STARTERS: dict[str, KindStarter] = {
    "irate": KindStarter(
        "The double charge", "customer charged twice", "to be heard out, calmly, and taken seriously", -50,
        "You've charged me twice for order 4471 and nobody has fixed it. I want it sorted, now!",
        ("order", "4471"), "That's not my department; billing did that.",
        "Pointing at another team sounds honest but tells them nobody owns the problem. Say 'we'.",
    ),
    "venting": KindStarter(
        "Three weeks of excuses", "customer who needs to let off steam", "a few uninterrupted minutes of listening", -40,
        "Three weeks! Three weeks of excuses about my broadband, and I work from home. Do you know what that's like?",
        ("weeks", "three weeks"), "I understand, but let's focus on the solution.",
        "Rushing a venting caller to the fix tells them their feelings are in the way. Let them finish.",
    ),
    "confused": KindStarter(
        "The letter that makes no sense", "customer unsure what went wrong", "clarifying questions and no assumptions", -10,
        "I got a letter about my account, something about a 'transfer', and now my card won't work. I don't understand any of it.",
        ("letter", "a letter about a transfer"), "That'll be the annual card renewal; just activate the new one.",
        "An assumption dressed as efficiency. Restate what you heard and ask before you diagnose.",
    ),
    "website_question": KindStarter(
        "What time do you close?", "customer with a simple question", "a friendly answer, with no hint they could have looked it up", 10,
        "Hello, sorry to bother you. What time does your Riverside branch close on Saturdays?",
        ("branch", "Riverside"), "It's on our website under Store Finder, but I can tell you.",
        "Mentioning the website first tells them they should not have called. Just answer, warmly.",
    ),
    "discontinued_product": KindStarter(
        "Spare parts for an old favourite", "loyal owner of a retired product", "honesty, and an alternative that serves them", -10,
        "I need a new battery for my Model 40 vacuum. It's been perfect for twelve years.",
        ("model", "Model 40"), "That model is obsolete, so there's nothing we can do.",
        "A closed door with nothing behind it. Be honest, then offer a real alternative.",
    ),
    "habitual_complainer": KindStarter(
        "The regular caller", "customer who calls every week", "an open mind: this time the problem may be real", -30,
        "It's me again. Yes, I know. My meter reading is wrong again, and this time I took a photo of it.",
        ("photo", "a photo of the meter"), "Your account shows most of your calls were reading errors on your side.",
        "History sounds like honest context, but it dismisses today's call. Every call is new.",
    ),
    "urgent_problem": KindStarter(
        "The till is down", "shop owner losing sales", "speed, the facts quickly, a concrete fix or timeline", -40,
        "My till system is down, there's a queue out the door, and the screen says error 12. I need it working now!",
        ("error", "error 12"), "I'll raise a ticket and someone will call you within two days.",
        "A two-day ticket for a problem costing money now. Urgent callers need a fix or a timeline today.",
    ),
    "transferred_and_held": KindStarter(
        "The fourth transfer", "customer passed around for an hour", "the wasted time acknowledged, and ownership from here on", -50,
        "Forty minutes on hold and four transfers. I just want to change my delivery date.",
        ("wait", "forty minutes and four transfers"), "Hold times are long today because everyone's calling.",
        "An excuse for the wait, not an apology for it. Own the lost time.",
    ),
    "own_mistake": KindStarter(
        "The wrong date", "customer who booked the wrong date", "a kind explanation of what happened and how to avoid it", -20,
        "My tickets say the 12th, but I booked for the 21st! Your site must have changed it.",
        ("date", "the 21st"), "You picked the 12th yourself; it's on your confirmation.",
        "True and blaming. Explain what happened kindly, then show how to avoid it next time.",
    ),
    "coworker_mistake": KindStarter(
        "The wrong plan", "customer a colleague set up wrongly", "an apology on behalf of the company, no finger-pointing", -40,
        "I asked your shop for the unlimited plan, and now I've got a bill for 60 pounds of extra data.",
        ("amount", "60 pounds"), "The shop staff get that wrong all the time, sorry.",
        "Blaming colleagues sounds sympathetic but tells them the company is careless. Apologise for 'us'.",
    ),
    "long_investigation": KindStarter(
        "The missing parcel", "customer whose parcel is lost in a depot", "progress updates, a timeline, and follow-up until it is done", -30,
        "My parcel has been stuck at your depot for a week. Tracking number SL-4410. Nobody tells me anything.",
        ("tracking", "SL-4410"), "We'll contact you when there's news.",
        "That is the silence they rang about. Give a date for the next update, news or not.",
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
    return slug


def _q(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars, so quoting is exact and safe.
    return json.dumps(text, ensure_ascii=False)


def _pad(text: str, width: int = 31) -> str:
    # Line the trailing comments up in one column, whatever the values' lengths.
    return text.ljust(width - 1) + " "


def starter_yaml(scenario_id: str, kind: str, difficulty: str = "easy") -> str:
    """The text of a commented starter scenario for ``kind`` that validates clean and plays to every ending."""
    if not ID_PATTERN.match(scenario_id):
        raise ValueError(f"'{scenario_id}' is not a valid scenario id")
    if kind not in KINDS or kind not in STARTERS:
        raise ValueError(f"unknown kind '{kind}'")
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty '{difficulty}'")
    s = STARTERS[kind]
    detail_id, detail_value = s.detail
    mood = max(-100, min(100, s.mood + DIFFICULTY_MOOD_SHIFT[difficulty]))
    patience = DIFFICULTY_PATIENCE[difficulty]
    return f"""\
# yaml-language-server: $schema=../simulator/schema/scenario.schema.json
# The line above lets editors with the YAML extension check this file as you type.
# A starter scenario for the kind '{kind}'. This caller needs {s.need}.
# Edit the words, add nodes, then run:
#   python main.py validate --strict scenarios/{scenario_id}.yaml
#   python main.py play {scenario_id}
# A library scenario needs at least 6 decisions on its best path; this starter has 4.

{_pad(f"id: {scenario_id}")}# must match the file name; lower case, digits, underscores
{_pad(f"title: {_q(s.title)}")}# shown in the scenario picker
summary: {_q("One line for the picker: who calls and what they need.")}
{_pad(f"kind: {kind}")}# one of the eleven kinds of customer
{_pad(f"difficulty: {difficulty}")}# easy, medium or hard

persona:                       # the customer on the line
  name: "Alex Morgan"          # fictional, always
  role: {_q(s.role)}
{_pad(f"  mood: {mood}")}# -100 furious .. 0 neutral .. 100 delighted
{_pad(f"  patience: {patience}")}# 1..100; at 0 the call goes to on_patience_out
  voice: {{gender: neutral, age: adult, accent: en-gb, rate: 1.0, pitch: 1.0}}  # speech hints
  portrait: {{skin: "#c68e6a", hair: "#3b2a20", hair_style: short, shirt: "#4a6fa5", glasses: false, beard: false}}  # quote colours: '#' starts a comment

# weights: {{empathy: 2.0}}      # optional: change a principle's weight from scenarios/rubric.yaml

start: opening                 # the node the call opens with
on_patience_out: hung_up       # where the call goes when patience reaches 0

nodes:                         # each node: what the customer says and the trainee's choices
  opening:
    say:                       # one line, or a list of wording variants picked by the seed
      - {_q(s.opening)}
{_pad(f"    mentions: {{{detail_id}: {_q(detail_value)}}}")}# details said here, for `recall:` later
    vent: true                 # still letting off steam: `style: listen` earns, `style: fix` costs
    choices:
      - text: "That sounds really frustrating. I'm sorry. Tell me what happened."
        style: listen          # a keep-listening move
        effects: {{empathy: 2}}  # points per principle, -10..10
        mood: 15               # how the customer's mood moves
        feedback: "You acknowledged the feeling before solving. Callers need that first."
        next: details          # a node or an ending
      - text: "Let me fix that for you right away."
        style: fix             # offered while the customer is still venting: premature
        effects: {{resolution: 1}}
        feedback: "A fix before they finish sounds like you are not listening. Let them get it out."
        next: details
      - text: {_q(s.trap)}
        effects: {{no_blame: -2, empathy: -1}}
        mood: -25
        patience: -40
        feedback: {_q(s.trap_feedback)}
        next: upset

  upset:
    say: "Are you even listening to me?"
    choices:
      - text: "You're right, and I'm sorry. Let's start again: I'm listening."
        effects: {{composure: 1, empathy: 1}}
        mood: 15
        feedback: "A calm, short apology and a fresh start. Respond, don't react."
        next: details
      - text: "There's no need to take that tone with me."
        effects: {{composure: -2}}
        mood: -30
        feedback: "Policing their tone escalates. Detach from the anger, not from the issue."
        next: hung_up

  details:
    say: "So what do you need from me?"
    respond_within: 15         # seconds before silence counts as dead air
    choices:
      - text: {_q(f"I have {detail_value} from what you said, so you won't need to repeat it.")}
{_pad(f"        recall: {detail_id}")}# shown only once the customer has mentioned it; earns listening
        effects: {{resolution: 1}}
        feedback: "You used what they already told you. Nobody likes repeating themselves."
        next: solution
      - text: "Could you give me all the details again from the start?"
        effects: {{listening: -1}}
        mood: -10
        feedback: "They told you at the start. Catch the detail the first time."
        next: solution

  solution:
    say: "And? Can you sort it out?"
    choices:
      - text: "Yes. I'm fixing it now, and I'll call you on Thursday to check it has worked."
        effects: {{resolution: 2, follow_up: 2}}
        set: [promised_callback]  # a flag a later `if:` can test
        mood: 20
        feedback: "A fix plus a dated follow-up call: that rebuilds trust."
        next: wrap
      - text: "It should be fine soon."
        effects: {{follow_up: -1}}
        feedback: "'Soon' is a promise nobody can check. Give a date."
        next: wrap

  wrap:
    say: "Right. I'll believe it when I see it."
    interrupt_ok: true         # cutting in here costs nothing
    choices:
      - text: "That's fair. You'll hear from me on Thursday either way."
        if: {{flag: promised_callback}}  # shown only when the flag is set
        effects: {{composure: 1, follow_up: 1}}
        mood: 15
        feedback: "Calm confidence and the promise repeated."
        next: resolved
      - text: "Is there anything else I can help with?"
        effects: {{composure: 1}}
        feedback: "Polite, but it says nothing about what happens next."
        next: unhappy

endings:                       # how the call can end
  resolved:
    outcome: resolved          # resolved, resolved_unhappy, callback_scheduled, escalated, hung_up, transferred
    satisfaction: 5            # 1..5, how satisfied the customer leaves
    say: "Thursday, then. Thank you."
    summary: "Fixed, with a follow-up call the customer trusts."
  unhappy:
    outcome: resolved_unhappy
    satisfaction: 3
    say: "Fine. Goodbye."
    summary: "Fixed, but the customer expects to be let down again."
  hung_up:
    outcome: hung_up
    satisfaction: 1
    say: "Forget it. Goodbye."
    summary: "The customer gave up and hung up."
"""
