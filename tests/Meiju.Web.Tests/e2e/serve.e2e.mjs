// Browser test of `meiju serve`, run by BrowserTests.cs against a server it started.
// Usage: node serve.e2e.mjs --url URL --clip FILE --out RESULT.json [--screenshot PNG] [--chromium PATH]
// Reads back what the page shows (not what it should show): the C# test compares it with the API's JSON.
import { chromium } from "playwright-core";
import { writeFileSync } from "node:fs";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
for (const required of ["url", "clip", "out"]) {
  if (!args[required]) {
    console.error(`missing --${required}`);
    process.exit(2);
  }
}

const result = { consoleErrors: [] };
const browser = await chromium.launch({
  executablePath: args.chromium || "/usr/bin/chromium",
  headless: true,
  // Root in a container has no user namespaces for Chromium's sandbox; the page is our own local one.
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(60000);
  page.on("console", (m) => { if (m.type() === "error") result.consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => result.consoleErrors.push(e.message));
  const isAnalyze = (r) => r.url().endsWith("/api/analyze") && r.request().method() === "POST";

  await page.goto(args.url);
  await page.waitForFunction(() => document.getElementById("limit-hint").textContent.includes("MB"));
  result.limitHint = await page.textContent("#limit-hint");
  result.sampleOptions = await page.$$eval("#sample option", (os) => os.map((o) => ({ id: o.value, text: o.textContent })));

  // 1. Upload a real clip: the prediction, the chart, the faces, the text and the waveform appear.
  await page.fill("#transcript", args.transcript || "");
  const [uploadResponse] = await Promise.all([page.waitForResponse(isAnalyze), page.setInputFiles("#file", args.clip)]);
  result.upload = { status: uploadResponse.status(), api: await uploadResponse.json() };
  await page.waitForSelector("#result:not([hidden]), #error:not([hidden])");
  if (!(await page.$eval("#error", (e) => e.hidden))) {
    throw new Error(`upload of ${args.clip} failed (HTTP ${result.upload.status}): ${await page.textContent("#error")}`);
  }
  await page.waitForFunction(() => [...document.querySelectorAll("#faces img")].every((img) => img.complete));
  result.upload.dom = await page.evaluate(() => {
    const prediction = (id) => ({
      top: document.querySelector(`#${id} .top-label`).textContent,
      topProb: document.querySelector(`#${id} .top-prob`).textContent,
      rows: [...document.querySelectorAll(`#${id} .prob-row`)].map((r) => ({
        label: r.dataset.label,
        prob: Number(r.dataset.prob),
        shown: r.querySelector(".value").textContent,
        fillWidth: r.querySelector(".fill").getBoundingClientRect().width,
        trackWidth: r.querySelector(".track").getBoundingClientRect().width,
      })),
    });
    return {
      clip: document.getElementById("clip-name").textContent,
      meta: document.getElementById("clip-meta").textContent,
      emotion: prediction("emotion"),
      intent: prediction("intent"),
      bars: [...document.querySelectorAll("#contrib-chart rect.bar[data-kind]")].map((b) => ({
        modality: b.dataset.modality, kind: b.dataset.kind, value: Number(b.dataset.value), width: b.getBoundingClientRect().width,
      })),
      absent: [...document.querySelectorAll("#contrib-chart .absent-label")].map((t) => t.dataset.modality),
      faces: [...document.querySelectorAll("#faces img")].map((img) => ({ src: img.src.slice(0, 40), naturalWidth: img.naturalWidth, srcLength: img.src.length })),
      faceSources: [...document.querySelectorAll("#faces img")].map((img) => img.src.replace("data:image/png;base64,", "")),
      text: document.getElementById("text").textContent,
      waveformBuckets: Number(document.getElementById("waveform").dataset.buckets),
      waveformPath: (document.querySelector("#waveform path.wave")?.getAttribute("d") || "").length,
      warnings: [...document.querySelectorAll("#warnings li")].map((li) => li.textContent),
      status: document.getElementById("status").textContent,
      errorHidden: document.getElementById("error").hidden,
    };
  });
  if (args.screenshot) await page.screenshot({ path: args.screenshot, fullPage: true });

  // 2. A too-large file: the page refuses it before sending, with the limit in the message.
  const limit = await page.evaluate(() => fetch("/api/info").then((r) => r.json()).then((i) => i.maxUploadBytes));
  let sentTooLarge = false;
  const onRequest = (r) => { if (r.url().endsWith("/api/analyze")) sentTooLarge = true; };
  page.on("request", onRequest);
  await page.setInputFiles("#file", { name: "huge.mp4", mimeType: "video/mp4", buffer: Buffer.alloc(limit + 1) });
  await page.waitForSelector("#error:not([hidden])");
  page.off("request", onRequest);
  result.tooLarge = { message: await page.textContent("#error"), sent: sentTooLarge };

  // 3. The server refuses it too, for clients that skip the page's check.
  result.tooLargeServer = await page.evaluate(async (n) => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(n)]), "huge.mp4");
    const r = await fetch("/api/analyze", { method: "POST", body: form });
    return { status: r.status, body: await r.json() };
  }, limit + 1);

  // 4. A text file named like a video, dropped on the drop zone: the server checks the content and the page
  //    shows its message.
  const dropped = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["This is a shopping list, not a video.\n".repeat(40)], "holiday.mp4", { type: "video/mp4" }));
    return transfer;
  });
  const [nonVideoResponse] = await Promise.all([
    page.waitForResponse(isAnalyze),
    page.dispatchEvent("#drop", "drop", { dataTransfer: dropped }),
  ]);
  result.nonVideo = { status: nonVideoResponse.status(), api: await nonVideoResponse.json() };
  await page.waitForSelector("#error:not([hidden])");
  result.nonVideo.message = await page.textContent("#error");

  // 5. A bundled sample, by id.
  if (result.sampleOptions.length > 0) {
    await page.selectOption("#sample", result.sampleOptions[0].id);
    const [sampleResponse] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/samples/") && r.request().method() === "POST"),
      page.click("#analyze-sample"),
    ]);
    result.sample = { status: sampleResponse.status(), api: await sampleResponse.json() };
    await page.waitForFunction((clip) => document.getElementById("clip-name").textContent === clip, result.sample.api.clip);
    result.sample.dom = {
      clip: await page.textContent("#clip-name"),
      emotionTop: await page.textContent("#emotion .top-label"),
      text: await page.textContent("#text"),
      errorHidden: await page.$eval("#error", (e) => e.hidden),
    };
  }
} finally {
  await browser.close();
}

writeFileSync(args.out, JSON.stringify(result, null, 2));
