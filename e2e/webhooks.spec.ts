import AxeBuilder from "@axe-core/playwright";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { EVENT_ID_HEADER, SIGNATURE_HEADER, verifySignature } from "@/lib/webhooks/signature";
import { storageStatePath } from "./support/accounts";

/*
 * The outgoing webhook end to end: an admin (signed in with their second factor) points it at a receiver this test
 * starts, is refused a plain-http URL to another host, copies the secret shown once, sends the test event; the
 * receiver gets it signed with that secret, and the page says it was delivered (and passes axe's WCAG 2.1 AA rules in
 * that state). After a reload the secret is gone.
 */

interface Received {
  body: string;
  signature: string;
  eventId: string;
}

test.use({ storageState: storageStatePath("admin") });

test("an admin sets up the webhook and its test event reaches the receiver, signed", async ({ page }) => {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: String(req.headers[SIGNATURE_HEADER.toLowerCase()] ?? ""),
        eventId: String(req.headers[EVENT_ID_HEADER.toLowerCase()] ?? ""),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    await page.goto("/settings");
    const section = page.getByRole("region", { name: "Webhook for your team's chat" });
    const form = section.getByTestId("webhook-form");
    const field = form.getByLabel("Webhook URL");
    const submit = form.getByRole("button", { name: /Set up webhook|Save URL/ });

    await field.fill("http://chat.example.com/hook");
    await submit.click();
    await expect(form.getByText("Use https (plain http only to localhost or 127.0.0.1).")).toBeVisible();
    await expect(field).toHaveAttribute("aria-invalid", "true");

    await field.fill(url);
    const firstTime = (await submit.textContent())?.includes("Set up webhook");
    await submit.click();
    if (!firstTime) {
      // A run after another on the same server: the secret is shown again only by a rotation.
      await section.getByRole("button", { name: "Rotate secret" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
    }
    const secretValue = section.getByTestId("webhook-secret-value");
    await expect(secretValue).toHaveText(/^whsec_/);
    const secret = ((await secretValue.textContent()) ?? "").trim();
    await expect(section.getByTestId("webhook-state")).toHaveText("On");

    await section.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText("Test event delivered.")).toBeVisible();
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(verifySignature(secret, got!.body, got!.signature)).toBe(true);
    const body = JSON.parse(got!.body) as { id: string; type: string; text: string; link: string };
    expect(body).toMatchObject({ type: "test", text: expect.stringContaining("admin@backoffice.test") });
    expect(got!.eventId).toBe(body.id);

    const last = section.getByTestId("webhook-last-delivery");
    await expect(last).toHaveAttribute("data-state", "delivered");
    await expect(last).toContainText("Delivered (HTTP 204)");
    // The states accessibility.spec.ts does not reach: a field's error was shown, the secret and a delivery are on screen.
    await page.waitForFunction(() =>
      document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getTiming().iterations === Infinity),
    );
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.map((v) => ({ rule: v.id, targets: v.nodes.map((n) => n.target.join(" ")) }))).toEqual([]);

    await page.reload();
    await expect(page.getByTestId("webhook-last-delivery")).toHaveAttribute("data-state", "delivered");
    await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
