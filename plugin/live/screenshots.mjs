// Screenshots of a running live controller for docs/img (run by screenshots.sh, which sets the environment):
// the build page and the evaluation page of build LIVE_BUILD of the job 'eval', and the Snippet Generator with
// the slurmEvaluate step selected, filled in and generated. Runs the builds the job lacks first.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.LIVE_URL;
const build = Number(process.env.LIVE_BUILD || '2');
const out = process.env.LIVE_OUT;
const auth = 'Basic ' + Buffer.from(`admin:${process.env.LIVE_PASSWORD}`).toString('base64');
const job = `${base}job/eval/`;

// Every request, page or API, carries the admin's basic authentication: no login form.
const profile = mkdtempSync(join(tmpdir(), 'live-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  extraHTTPHeaders: { Authorization: auth },
});

async function json(path) {
  const r = await context.request.get(path);
  if (!r.ok()) throw new Error(`GET ${path}: ${r.status()}`);
  return r.json();
}

// Builds up to number `build`, each waited for (the API context keeps the session that the crumb belongs to).
async function ensureBuilds() {
  for (;;) {
    const last = (await json(`${job}api/json`)).lastBuild;
    if (last && (await json(`${job}${last.number}/api/json`)).building) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    if (last && last.number >= build) return;
    const crumb = await json(`${base}crumbIssuer/api/json`);
    const r = await context.request.post(`${job}buildWithParameters`,
      { headers: { [crumb.crumbRequestField]: crumb.crumb }, form: { OVERRIDES: '' } });
    if (r.status() !== 201) throw new Error(`buildWithParameters: ${r.status()}`);
    console.log(`screenshots: started a build of eval (now at #${last ? last.number : 0})`);
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

// fullPage: the whole page's height at the viewport's width (the trend and the generated snippet are below the fold)
async function shoot(page, name, mustShow, fullPage = false) {
  await page.getByText(mustShow).first().waitFor();
  await page.evaluate(() => window.scrollTo(0, 0)); // else the sticky header is drawn where the page was scrolled to
  await page.screenshot({ path: join(out, name), fullPage });
  console.log(`screenshots: ${join(out, name)}`);
}

try {
  await ensureBuilds();
  const page = await context.newPage();

  await page.goto(`${job}${build}/`);
  await shoot(page, 'jenkins-build-page.png', 'Slurm evaluation');

  await page.locator('#main-panel a[href^="slurm-evaluate-"]').first().click();
  await shoot(page, 'jenkins-evaluation-page.png', 'Trend over the last builds', true);

  await page.goto(`${job}pipeline-syntax/`);
  const select = page.locator('select.dropdownList').first();
  const value = await select.locator('option', { hasText: /^slurmEvaluate:/ }).getAttribute('value');
  await select.selectOption(value);
  // the cluster and credentials lists are filled by requests of their own, after the form appears
  await page.waitForFunction(() => {
    const lists = [...document.querySelectorAll('select[name="_.cluster"], select[name="_.credentialsId"]')]
      .filter((e) => e.offsetParent !== null);
    return lists.length > 0 && lists.every((e) => e.options.length > 0);
  });
  await page.locator('input[name="_.config"]:visible').fill('examples/testbed.yaml');
  await page.locator('textarea[name="_.gates"]:visible').fill('ifeval.acc >= 0.5\ngsm8k.exact_match.flexible-extract >= 0.2');
  await page.getByRole('button', { name: 'Generate Pipeline Script' }).click();
  const snippet = page.locator('textarea#prototypeText');
  await page.waitForFunction((el) => el.value.includes('slurmEvaluate'), await snippet.elementHandle());
  await shoot(page, 'jenkins-snippet-generator.png', 'Generate Pipeline Script', true);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
