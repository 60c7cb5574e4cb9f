// SPDX-License-Identifier: Apache-2.0
// The waiting page's words, in node (issue 17): the pure part of resources/waiting/waiting.js
// (SluiceText) loaded as the browser loads it, without a document:
//  - long waits are rounded to what the range supports ("about 3 to 4 days", "약 3~4일"),
//    hours up to two days, minutes under an hour (to 5 above 10 min), never "75 h 1 min";
//  - the language follows a remembered choice, else the browser's languages, else English;
//  - times are shown in the event's zone and say which; an unknown zone falls back to UTC.
// Usage: node wait_words.mjs SOURCE_DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";

const code = readFileSync(join(process.argv[2], "resources/waiting/waiting.js"), "utf8");
const T = vm.runInNewContext(code + "\nSluiceText", {});
let failed = false;
function same(found, expected, what) {
  const ok = JSON.stringify(found) === JSON.stringify(expected);
  console.log((ok ? "ok: " : "FAIL: ") + what + (ok ? "" : ` (found ${JSON.stringify(found)}, expected ${JSON.stringify(expected)})`));
  failed ||= !ok;
}
const min = 60, hour = 3600, day = 86400;

// The 2021 page's figure: 5,000 people at one a minute.
same(T.waitWords("en", 75 * hour + min, 92 * hour + 46 * min), "about 3 to 4 days", "75 h 1 min – 92 h 46 min in English");
same(T.waitWords("ko", 75 * hour + min, 92 * hour + 46 * min), "약 3~4일", "and in Korean");
same(T.waitWords("en", 3 * day, 3 * day), "about 3 days", "one figure of days");
same(T.waitWords("en", 20 * hour, 60 * hour), "about 1 to 3 days", "days when the range reaches past two days");
same(T.waitWords("en", 3 * hour + 10 * min, 4 * hour + 20 * min), "about 3 to 4 hours", "hours under two days");
same(T.waitWords("ko", 3 * hour + 10 * min, 4 * hour + 20 * min), "약 3~4시간", "and in Korean");
same(T.waitWords("en", 47 * hour, 47 * hour), "about 47 hours", "still hours just under two days");
same(T.waitWords("en", 50 * min, 70 * min), "about 1 hour", "a range around the hour");
same(T.waitWords("en", 20 * min, 90 * min), "up to about 2 hours", "a low end that rounds to nothing: up to");
same(T.waitWords("ko", 20 * min, 90 * min), "최대 약 2시간", "and in Korean");
same(T.waitWords("en", 11 * min + 20, 13 * min + 50), "about 10 to 15 minutes", "minutes above 10 to 5");
same(T.waitWords("ko", 11 * min + 20, 13 * min + 50), "약 10~15분", "and in Korean");
same(T.waitWords("en", 3 * min, 7 * min + 10), "about 3 to 7 minutes", "minutes up to 10 as they are");
same(T.waitWords("en", 60, 60), "about 1 minute", "one minute");
same(T.waitWords("en", 20, 45), "under a minute", "under a minute");
same(T.waitWords("en", 40 * min, 58 * min), "about 1 hour", "a high end that rounds to 60 minutes is an hour");
same(T.waitWords("ko", 20, 45), "1분 미만", "and in Korean");
for (const [lo, hi] of [[1, 59 * min], [61 * min, 47 * hour], [49 * hour, 6 * day], [7 * hour + 13 * min, 7 * hour + 13 * min]]) {
  const w = T.waitWords("en", lo, hi);
  same(/\bh\b|\bmin\b/.test(w), false, `no "h"/"min" false precision for ${lo}–${hi} s: ${w}`);
}

same(T.pickLanguage(null, ["ko-KR", "en-US"]), "ko", "the browser's first language we speak (ko-KR)");
same(T.pickLanguage(null, ["fr-FR", "ko"]), "ko", "a later one when the first is not ours");
same(T.pickLanguage(null, ["fr-FR", "de"]), "en", "English when none is ours");
same(T.pickLanguage("en", ["ko-KR"]), "en", "a remembered choice wins");
same(T.pickLanguage("xx", ["ko"]), "ko", "a remembered choice we do not speak is ignored");
same(Object.keys(T.TEXT.ko).sort(), Object.keys(T.TEXT.en).sort(), "Korean has every string English has");

const opening = Date.UTC(2021, 6, 19, 11, 0); // 20:00 in Seoul
same(T.zoneTime("en", opening, "Asia/Seoul", "date") + " " + T.zoneLabel("Asia/Seoul"), "Jul 19, 20:00 (Asia/Seoul)", "an opening in the event's zone, named");
same(T.zoneTime("ko", opening, "Asia/Seoul", "date"), "7월 19일 20:00", "and in Korean");
same(T.zoneTime("en", opening, "Nowhere/Atlantis", "time") + " " + T.zoneLabel("Nowhere/Atlantis"), "11:00 (UTC)", "a zone this browser does not know: UTC, said so");
same(T.zoneLabel("America/New_York"), "(America/New York)", "zone names read with spaces");
same(T.expectedAround("en", opening, 10 * min + 20, 14 * min + 40, "Asia/Seoul"), "20:10 – 20:15 (Asia/Seoul)", "the expected turn to 5 minutes");
same(T.expectedAround("ko", opening, 3 * hour, 5 * hour, "Asia/Seoul"), "7월 19일 23:00 ~ 7월 20일 01:00 (Asia/Seoul)", "past midnight there: with the dates");
same(T.expectedAround("en", opening, 75 * hour + min, 92 * hour + 46 * min, "Asia/Seoul"), "Jul 22 – Jul 23 (Asia/Seoul)", "days: dates only");
same(T.expectedAround("en", opening, 20, 40, "Asia/Seoul"), null, "nothing to say under a minute");
process.exit(failed ? 1 : 0);
