/**
 * Words a person reads come from the message files (lib/i18n/messages), so that both languages stay
 * complete. In app/ and components/ this reports JSX text, string literals rendered as children and
 * string literals in the attributes people read or hear (aria-label, title, placeholder, alt, …) when
 * they contain a letter. Symbols, digits and punctuation are fine, so is text inside <code>, <kbd> and
 * <samp> (field names, commands); names that are never translated (the gateway's brand) are listed in
 * the rule's `allow` option.
 */

const READ_ATTRIBUTES = new Set(["aria-label", "aria-description", "aria-placeholder", "title", "placeholder", "alt", "label"]);
const LETTER = /\p{L}/u;
const CODE_ELEMENTS = new Set(["code", "kbd", "samp"]);

function insideCode(node) {
  const parent = node.parent;
  return parent?.type === "JSXElement" && CODE_ELEMENTS.has(parent.openingElement.name.name);
}

function literalText(node) {
  if (!node) return null;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral") return node.quasis.map((q) => q.value.cooked ?? "").join(" ");
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "Visible text goes through the message files, not inline in components" },
    schema: [
      { type: "object", properties: { allow: { type: "array", items: { type: "string" } } }, additionalProperties: false },
    ],
    messages: { inline: 'Visible text "{{text}}" is written inline: put it in lib/i18n/messages (en and ru) and use t().' },
  },
  create(context) {
    const allow = new Set(context.options[0]?.allow ?? []);
    const check = (node, text) => {
      const trimmed = text.replace(/\s+/g, " ").trim();
      const words = trimmed
        .replace(/[^\p{L}\p{N}\s]+/gu, " ")
        .replace(/\s+/g, " ")
        .trim();
      if (!LETTER.test(trimmed) || allow.has(words)) return;
      context.report({ node, messageId: "inline", data: { text: trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed } });
    };
    return {
      JSXText(node) {
        if (!insideCode(node)) check(node, node.value);
      },
      JSXExpressionContainer(node) {
        if (node.parent?.type !== "JSXElement" && node.parent?.type !== "JSXFragment") return;
        if (insideCode(node)) return;
        const text = literalText(node.expression);
        if (text !== null) check(node, text);
      },
      JSXAttribute(node) {
        const name = typeof node.name.name === "string" ? node.name.name : "";
        if (!READ_ATTRIBUTES.has(name)) return;
        const value =
          node.value?.type === "JSXExpressionContainer" ? literalText(node.value.expression) : literalText(node.value);
        if (value !== null) check(node, value);
      },
    };
  },
};

export default rule;
