// Browser test of the eventwire dashboard: playwright-core drives Debian's chromium against
// a running `eventwire serve`. pytest (tests/web/test_dashboard.py) starts the server and
// writes the expectations, computed from the API, to a JSON file:
//
//   node tests/web/dashboard.mjs EXPECTATIONS.json
//
// Every view is loaded and checked against those expectations; screenshots go to the
// artifacts directory named in the file. Exit 0 when all checks pass; otherwise the first
// failure is printed and the exit status is 1.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const expected = JSON.parse(readFileSync(process.argv[2], "utf8"));
const base = expected.base_url;
const shots = expected.artifacts;
const problems = [];

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: expected.chromium || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
// Nothing may be fetched from anywhere but our server (no CDN), and the page must not throw.
page.on("request", request => {
  const url = request.url();
  if (!url.startsWith(base) && !url.startsWith("data:")) problems.push(`request to another host: ${url}`);
});
page.on("pageerror", error => problems.push(`page error: ${error.message}`));
page.on("console", message => {
  // The deliberate bad filter below answers 400, which chromium logs as a failed resource.
  if (message.type() === "error" && !/status of 400/.test(message.text())) problems.push(`console error: ${message.text()}`);
});

// The view has finished rendering the page's current URL (not an earlier one).
async function ready(view) {
  await page.waitForFunction(name => {
    const node = document.querySelector("#view");
    return node && node.dataset.view === name && node.dataset.ready === "true" && node.dataset.hash === location.hash;
  }, view, { timeout: 20000 });
}

async function shot(name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

const steps = [];
async function step(name, body) {
  const started = Date.now();
  await body();
  steps.push(`${name} (${Date.now() - started} ms)`);
}

try {
  await step("events table", async () => {
    await page.goto(`${base}/`);
    await ready("events");
    const ids = await page.$$eval("#events-table tbody tr", rows => rows.map(r => r.dataset.id));
    check(JSON.stringify(ids) === JSON.stringify(expected.first_page_ids),
      `events table shows ${ids.length} rows ${ids.slice(0, 3)}..., the API's first page is ${expected.first_page_ids.slice(0, 3)}...`);
    await page.waitForFunction(() => /events/.test(document.querySelector("#store-info").textContent));
    const info = await page.textContent("#store-info");
    check(info.includes(`${expected.events_total} events`), `store info says '${info}', expected ${expected.events_total} events`);
    await shot("01-events");
  });

  await step("filters", async () => {
    await page.fill('#event-filters input[name="source"]', expected.filter.source);
    await page.selectOption('#event-filters select[name="type"]', expected.filter.type);
    await page.click('#event-filters button[type="submit"]');
    await page.waitForFunction(() => location.hash.includes("source="));
    await ready("events");
    const ids = await page.$$eval("#events-table tbody tr", rows => rows.map(r => r.dataset.id));
    check(JSON.stringify(ids) === JSON.stringify(expected.filter.ids),
      `filtered table shows ${JSON.stringify(ids)}, the API answers ${JSON.stringify(expected.filter.ids)}`);
    await shot("02-events-filtered");
    // A bad filter shows the API's message instead of a table.
    await page.goto(`${base}/#/events?since=2022-02-30`);
    await ready("events");
    const alert = await page.textContent('[role="alert"]');
    check(/since/.test(alert), `a bad date shows '${alert}', expected a message about 'since'`);
  });

  await step("event view", async () => {
    await page.goto(`${base}/#/events`);
    await ready("events");
    await page.click(`#events-table tbody tr[data-id="${expected.event.id}"]`);
    await ready("event");
    const trigger = await page.textContent("#event-sentence mark.trigger");
    check(trigger === expected.event.trigger, `highlighted trigger '${trigger}', expected '${expected.event.trigger}'`);
    for (const kind of expected.event.kinds) {
      check(await page.locator(`#article-text mark.${kind}`).count() > 0, `no ${kind} highlighted in the article`);
    }
    const sentence = await page.textContent("#event-sentence");
    check(sentence === expected.event.sentence, `outlined sentence '${sentence}', expected '${expected.event.sentence}'`);
    const detail = await page.textContent("#event-detail");
    check(detail.includes(expected.event.date) && detail.includes(expected.event.type),
      `event card lacks its date ${expected.event.date} or type ${expected.event.type}`);
    await shot("03-event");
  });

  await step("dyad series", async () => {
    const [a, b] = expected.series.dyad;  // b is absent when the store has no two-country dyad
    await page.goto(`${base}/#/series?a=${a}&b=${b || ""}&interval=month`);
    await ready("series");
    check(await page.locator("#series-chart svg path.line-cooperation").count() === 1, "no cooperation line drawn");
    check(await page.locator("#series-chart svg path.line-conflict").count() === 1, "no conflict line drawn");
    const rows = await page.locator("#series-table tbody tr").count();
    check(rows === expected.series.points, `series table has ${rows} rows, the API has ${expected.series.points} months`);
    await shot("04-series");
  });

  await step("network", async () => {
    await page.goto(`${base}/#/network`);
    await ready("network");
    const nodes = await page.locator("#network-chart svg g.node").count();
    const edges = await page.locator("#network-chart svg line.edge").count();
    check(nodes === expected.network.nodes && edges === expected.network.edges,
      `network draws ${nodes} nodes and ${edges} edges, the API has ${expected.network.nodes} and ${expected.network.edges}`);
    await shot("05-network");
  });

  await step("quotes", async () => {
    await page.goto(`${base}/#/quotes`);
    await ready("quotes");
    const rows = await page.locator("#quotes-table tbody tr").count();
    check(rows === expected.quotes.rows, `quotes table has ${rows} rows, expected ${expected.quotes.rows}`);
    await page.fill('#quote-filters input[name="q"]', expected.quotes.word);
    await page.click('#quote-filters button[type="submit"]');
    await page.waitForFunction(() => location.hash.includes("q="));
    await ready("quotes");
    const filtered = await page.$$eval("#quotes-table tbody tr td:nth-child(3)", cells => cells.map(c => c.textContent));
    check(filtered.length === expected.quotes.word_rows && filtered.every(t => t.toLowerCase().includes(expected.quotes.word.toLowerCase())),
      `quote search for '${expected.quotes.word}' shows ${filtered.length} rows, expected ${expected.quotes.word_rows}`);
    await shot("06-quotes");
  });

  await step("stories", async () => {
    await page.goto(`${base}/#/stories`);
    await ready("stories");
    const selector = expected.stories ? "#stories-table" : "#stories-empty";
    check(await page.locator(selector).count() === 1, `stories view shows no ${selector}`);
    await shot("07-stories");
  });

  check(problems.length === 0, problems.join("\n"));
  console.log(JSON.stringify({ ok: true, steps }));
} catch (error) {
  await shot("failure").catch(() => {});
  console.error(`dashboard test failed after ${steps.length} steps (${steps.join(", ")}): ${error.message}`);
  if (problems.length) console.error(problems.join("\n"));
  process.exitCode = 1;
} finally {
  await browser.close();
}
