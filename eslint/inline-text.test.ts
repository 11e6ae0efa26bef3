import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function inlineTextErrors(filePath: string, jsx: string) {
  const code = `export function Example({ t }: { t: (key: string) => string }) {\n  return (\n    ${jsx}\n  );\n}\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === "local/no-inline-text").map((m) => m.message);
}

describe("visible text goes through the message files", { timeout: 60_000 }, () => {
  it("reports words written in JSX, as children or in read attributes, in Latin or Cyrillic", async () => {
    expect(await inlineTextErrors("app/(app)/x/page.tsx", "<p>Saved</p>")).toEqual([expect.stringContaining('"Saved"')]);
    expect(await inlineTextErrors("components/x.tsx", '<p>{"Сохранено"}</p>')).toHaveLength(1);
    expect(await inlineTextErrors("components/x.tsx", '<input aria-label="Search" placeholder={`Find`} />')).toHaveLength(2);
  });

  it("accepts messages, symbols and numbers, code, and the allowed brand", async () => {
    const ok = [
      '<p title={t("hint")}>{t("saved")}</p>',
      "<p>— · 1 234 → ×</p>",
      "<p><code>project_id</code></p>",
      "<p>HighHelp</p>",
      '<input className="w-full" name="amount" />',
    ];
    for (const jsx of ok) expect(await inlineTextErrors("app/(app)/x/page.tsx", jsx)).toEqual([]);
  });

  it("leaves tests alone", async () => {
    expect(await inlineTextErrors("components/x.test.tsx", "<p>Saved</p>")).toEqual([]);
  });
});
