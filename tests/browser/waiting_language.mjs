// SPDX-License-Identifier: Apache-2.0
// The waiting page in the people's language and the event's time (issue 17), in Debian's
// chromium (playwright-core) against a real sluiced serving the page:
//  - a browser set to Korean (locale ko-KR: Accept-Language ko, navigator.languages) gets
//    the Korean page (<html lang="ko">); the switch turns it English, and the choice is
//    remembered over a reload; an English browser gets English and the switch turns it Korean;
//  - an event with "timeZone": "Asia/Seoul" opening at 11:00Z shows 20:00 and names the zone;
//  - a long wait (5,000 people ahead at one a minute) reads "about N to M days" ("약 N~M일"),
//    not hours and minutes, and the expected turn is given as dates in the event's zone;
//  - nothing breaks the Content Security Policy.
// Usage: node waiting_language.mjs SLUICED NGINX SOURCE_DIR CHROMIUM
import { chromium } from "playwright-core";
import { join } from "node:path";
import { browserStack, chromiumPath } from "./stack.mjs";

// Tomorrow at 11:00 UTC: 20:00 in Seoul, and the line not open yet (the page says when).
const now = new Date();
const opensAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 11));
const seoul = browserStack({
  event: {
    eventId: "seoul-night", opensAt: opensAt.toISOString(), admissionRatePerMinute: 6000,
    capacity: 5, timeZone: "Asia/Seoul",
  },
});
const long = browserStack({
  event: {
    eventId: "long-night", opensAt: "2021-07-19T11:00:00Z", admissionRatePerMinute: 1,
    capacity: 100, idleTimeoutSeconds: 7 * 24 * 3600, timeZone: "Asia/Seoul",
  },
});
const longArgs = ["--bench-preload", `5000:${join(long.dir, "ahead.txt")}`];
const { check } = seoul;

const text = (page, selector) => page.textContent(selector);
async function pageIn(browser, base, locale, cspProblems) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) cspProblems.push(m.text()); });
  const asked = [];
  page.on("request", (r) => asked.push(r.headers()["accept-language"] || ""));
  await page.goto(base + "/queue/");
  return { page, asked };
}

let browser;
try {
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox"] });
  const csp = [];
  const base = `http://127.0.0.1:${await seoul.startSluiced()}`;

  // A Korean browser.
  const ko = await pageIn(browser, base, "ko-KR", csp);
  check(ko.asked[0].startsWith("ko"), "the Korean browser asks with Accept-Language: " + ko.asked[0]);
  await ko.page.waitForFunction(() => document.getElementById("state").textContent.includes("20:00"), null, { timeout: 10000 });
  const koState = await text(ko.page, "#state");
  check(koState.includes("20:00") && koState.includes("Asia/Seoul"),
    "the opening at 11:00Z reads 20:00 in the event's zone, named: " + koState);
  check(koState.includes("열리기 전"), "and in Korean");
  check(await ko.page.getAttribute("html", "lang") === "ko", "<html lang=\"ko\">");
  check(await text(ko.page, "h1") === "대기열에 들어와 있습니다", "the heading is Korean");
  check(await text(ko.page, "dt") === "내 순서", "the labels are Korean");
  check(await ko.page.title() === "대기실", "the title is Korean");

  await ko.page.click("button[data-lang=en]");
  check(await text(ko.page, "h1") === "You are in the queue", "the switch turns the page English");
  check(await ko.page.getAttribute("html", "lang") === "en", "<html lang=\"en\"> after the switch");
  const enState = await text(ko.page, "#state");
  check(enState.includes("opens at") && enState.includes("20:00 (Asia/Seoul)"),
    "the state already on the page is said again in English: " + enState);
  check(await ko.page.getAttribute("button[data-lang=en]", "aria-pressed") === "true", "the switch shows English chosen");
  await ko.page.reload();
  await ko.page.waitForFunction(() => document.getElementById("state").textContent.includes("20:00"), null, { timeout: 10000 });
  check(await text(ko.page, "h1") === "You are in the queue" && (await text(ko.page, "#state")).includes("opens at"),
    "the choice is remembered over a reload (localStorage)");

  // An English browser, switched to Korean.
  const en = await pageIn(browser, base, "en-US", csp);
  await en.page.waitForFunction(() => document.getElementById("state").textContent.includes("20:00"), null, { timeout: 10000 });
  check(await text(en.page, "h1") === "You are in the queue" && await en.page.getAttribute("html", "lang") === "en",
    "an English browser gets the English page");
  await en.page.click("text=한국어");
  check(await text(en.page, "h1") === "대기열에 들어와 있습니다" && (await text(en.page, "#state")).includes("20:00"),
    "and its switch turns it Korean");

  // A long wait: 5,000 ahead at one a minute.
  const longBase = `http://127.0.0.1:${await long.startSluiced(longArgs)}`;
  for (const [locale, words, label] of [["en-US", /^about (\d+) to (\d+) days$|^about (\d+) days$/, "about N to M days"],
    ["ko-KR", /^약 (\d+)~(\d+)일$|^약 (\d+)일$/, "약 N~M일"]]) {
    const { page } = await pageIn(browser, longBase, locale, csp);
    await page.waitForFunction(() => /\d/.test(document.getElementById("wait").textContent), null, { timeout: 15000 });
    const position = await text(page, "#position");
    const wait = await text(page, "#wait");
    const m = wait.match(words);
    check(m && Number(m[1] ?? m[3]) >= 3 && Number(m[2] ?? m[3]) <= 4,
      `${locale}: place ${position} at one a minute reads "${wait}" (${label}, 3 to 4 days)`);
    const expected = await text(page, "#expected");
    check(!/\d\d:\d\d/.test(expected) && expected.includes("Asia/Seoul"),
      `${locale}: the expected turn is given as dates in the event's zone: ${expected}`);
  }
  check(csp.length === 0, "no Content Security Policy violations: " + csp.join(" | "));
} catch (e) {
  seoul.fail(e);
  long.failed = true;
} finally {
  await seoul.stop(browser);
  await long.stop(null);
}
process.exit(seoul.failed || long.failed ? 1 : 0);
