// Scenario Studio page: lists the folder's scenario files (the map and editor build on this).
const api = (path, options) => fetch(path, options).then(async (r) => {
  const data = await r.json();
  if (!r.ok) throw new Error(data.error || r.statusText);
  return data;
});

async function main() {
  const app = document.getElementById("app");
  const listing = await api("api/files");
  const h = document.createElement("h1");
  h.textContent = `Scenario Studio: ${listing.folder}`;
  const ul = document.createElement("ul");
  ul.id = "files";
  for (const name of listing.files) {
    const li = document.createElement("li");
    li.textContent = name;
    ul.append(li);
  }
  app.replaceChildren(h, ul);
}

main();
