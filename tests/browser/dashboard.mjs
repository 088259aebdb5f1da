// The example dashboard in a real browser (Debian's Chromium, headless, driven by
// playwright-core): the demo's headline figures, every chart drawn, no console error, no
// request to another origin, the English switch (by keyboard) and its memory, no horizontal
// scroll on a 375 px phone; screenshots for the README.
//
//   node dashboard.mjs http://127.0.0.1:PORT docs/
import { chromium } from "playwright-core";

const [base, shots] = process.argv.slice(2);
const origin = new URL(base).origin;
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  // Root in CI containers: Chromium's sandbox needs user namespaces it may not have.
  args: ["--no-sandbox"],
});

/** Opens the dashboard in a fresh context, recording requests and console errors. */
async function open(viewport) {
  const context = await browser.newContext({ viewport, locale: "es-PE" });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  const response = await page.goto(`${base}/dashboard`);
  await page.waitForSelector("body[data-loaded=true]", { timeout: 30000 });
  // uPlot draws on the next animation frame.
  await page.waitForTimeout(300);
  return { context, page, requests, errors, response };
}

/** Per chart: its canvas's size and how many of its pixels were painted. */
async function charts(page) {
  return page.$$eval(".chart", (nodes) => nodes.map((node) => {
    const canvas = node.querySelector("canvas");
    if (!canvas) return { id: node.id, width: 0, height: 0, painted: 0, label: "" };
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted++;
    return { id: node.id, width: canvas.width, height: canvas.height, painted, label: node.getAttribute("aria-label") || "" };
  }));
}

const desktop = await open({ width: 1280, height: 900 });
const { page } = desktop;
const csp = desktop.response.headers()["content-security-policy"] || "";
check(csp.includes("default-src 'self'") && csp.includes("connect-src 'self'"), `the page's CSP allows only its origin (${csp})`);
check(await page.getAttribute("html", "lang") === "es", "Spanish by default (lang=es)");
const publicService = (await page.textContent("#fig-public")).trim();
const insurance = (await page.textContent("#fig-insurance")).trim();
check(publicService === "57.6%", `public services of coffee producers' families: ${publicService}`);
check(insurance === "42.8%", `insurance of coffee producers' families: ${insurance}`);
const status = (await page.textContent("#status")).trim();
check(status === "", `every published question was read (${status || "no failure"})`);
for (const chart of await charts(page)) {
  check(chart.width > 0 && chart.height > 0 && chart.painted > 500,
    `${chart.id} drawn: ${chart.width}x${chart.height} canvas, ${chart.painted} pixels painted`);
  check(/\d/.test(chart.label), `${chart.id} has a text alternative with its numbers: "${chart.label.slice(0, 90)}…"`);
}
check((await page.$$(".chart")).length === 4, "four charts");
check((await page.$$("details table")).length === 4, "a table for each chart");
await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });

// The switch, by keyboard: English, remembered across a reload.
const spanishTitle = (await page.textContent("h1")).trim();
await page.focus("#lang");
await page.keyboard.press("Enter");
await page.waitForTimeout(200);
const englishTitle = (await page.textContent("h1")).trim();
check(await page.getAttribute("html", "lang") === "en", "the switch sets lang=en");
check(englishTitle !== spanishTitle && englishTitle === "Social protection and formalisation in Peru and Bolivia",
  `the switch changes the texts ("${spanishTitle}" → "${englishTitle}")`);
check((await page.textContent("#h-region")).trim() === "Coverage by region", "section headings in English");
check((await page.textContent("#lang")).trim() === "Español", "the switch offers Spanish back");
await page.reload();
await page.waitForSelector("body[data-loaded=true]");
check(await page.getAttribute("html", "lang") === "en", "the choice is remembered (localStorage)");
check((await page.textContent("#fig-public")).trim() === "57.6%", "the figures stay in English too");

// A phone.
const phone = await open({ width: 375, height: 812 });
const scroll = await phone.page.evaluate(() => document.documentElement.scrollWidth);
check(scroll <= 375, `no horizontal scroll at 375 px (page width ${scroll})`);
for (const chart of await charts(phone.page)) {
  check(chart.width > 0 && chart.painted > 500, `${chart.id} drawn on the phone`);
}
await phone.page.screenshot({ path: `${shots}/dashboard-phone.png`, fullPage: true });

for (const opened of [desktop, phone]) {
  check(opened.errors.length === 0, `no console errors (${opened.errors.join(" | ") || "none"})`);
  const elsewhere = opened.requests.filter((url) => new URL(url).origin !== origin);
  check(elsewhere.length === 0, `${opened.requests.length} requests, none to another origin (${elsewhere.join(", ") || "none"})`);
  check(opened.requests.some((url) => url.includes("/v1/public/")), "the data came from /v1/public");
  check(!opened.requests.some((url) => /\/v1\/(indicators|programme)/.test(new URL(url).pathname)),
    "no request to a token-only endpoint");
}
await browser.close();
if (failures.length) {
  console.log(`dashboard: ${failures.length} FAILED`);
  process.exit(1);
}
console.log("dashboard: passed");
