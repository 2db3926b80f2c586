// textlint rule: one name per thing on the Japanese pages.
//
// The words come from scripts/data/glossary.yml, the one list the English check
// (scripts/sns_policy/commands/glossary.py) reads too. JavaScript here reads no YAML: scripts/sns_policy/commands/prose.py writes the
// Japanese entries as JSON to a file and names it in TEXTLINT_GLOSSARY (run outside prose.py,
// `python -m sns_policy.commands.glossary --textlint-json` makes the same file). Without that variable the
// rule reports one problem per page instead of silently checking nothing.
//
// Each entry: {use, avoid: [regular expressions], note, style}. An entry with a style applies
// only to pages of that style (TEXTLINT_STYLE, set by scripts/sns_policy/commands/prose.py per folder).
"use strict";

const fs = require("fs");

function load() {
  const file = process.env.TEXTLINT_GLOSSARY;
  if (!file) return null;
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

module.exports = function glossary(context) {
  const { Syntax, RuleError, report, getSource, locator } = context;
  const style = process.env.TEXTLINT_STYLE === "dearu" ? "dearu" : "desumasu";
  const loaded = load();
  const entries = (loaded || []).filter((entry) => !entry.style || entry.style === style);
  const patterns = entries.map((entry) => ({ entry, res: entry.avoid.map((p) => new RegExp(p, "gu")) }));
  return {
    [Syntax.Document](node) {
      if (loaded === null) {
        report(node, new RuleError("TEXTLINT_GLOSSARY is not set: run `python -m sns_policy.commands.prose` (用語集が読み込まれていません)"));
      }
    },
    // Raw text of a paragraph-like node, so a link's brackets ([リスク管理]) are seen as written.
    [Syntax.Paragraph](node) { check(node); },
    [Syntax.Header](node) { check(node); },
    [Syntax.TableCell](node) { check(node); },
    // The public statements are quoted in code blocks (text to copy); their words count too.
    [Syntax.CodeBlock](node) { check(node); },
  };

  function check(node) {
    const text = getSource(node);
    for (const { entry, res } of patterns) {
      for (const re of res) {
        re.lastIndex = 0;
        let match;
        while ((match = re.exec(text)) !== null) {
          if (match[0].length === 0) { re.lastIndex += 1; continue; }
          report(node, new RuleError(
            `「${match[0]}」ではなく「${entry.use}」と書く（${entry.note}）`,
            { padding: locator.range([match.index, match.index + match[0].length]) },
          ));
        }
      }
    }
  }
};
