// textlint settings for the Japanese pages (docs/ja). Run them with `python -m sns_policy.commands.prose`,
// which lints each folder in the style it must be written in: citizens' pages in です・ます
// (TEXTLINT_STYLE=desumasu), the rules staff follow (guideline, incidents, plans, forms) in
// である (TEXTLINT_STYLE=dearu). The folders are listed once, in scripts/sns_policy/commands/prose.py.
//
// Preset: textlint-rule-preset-ja-technical-writing, for clear, plain public documents.
// Every rule of the preset is on except where a comment below says why.
const path = require("path");

const style = process.env.TEXTLINT_STYLE === "dearu" ? "である" : "ですます";

module.exports = {
  filters: {
    // <!-- textlint-disable rule --> … <!-- textlint-enable --> for a quotation that must stay as it is.
    comments: true,
  },
  rules: {
    "preset-ja-technical-writing": {
      // The folder's style, in the body and in lists; headings may be noun phrases.
      "no-mix-dearu-desumasu": { preferInHeader: "", preferInBody: style, preferInList: style, strict: false },

      // Relaxed: rules in 公用文 state conditions and their exceptions in one sentence, which
      // the preset's limit for manuals (100 characters) would split into fragments that lose the link.
      "sentence-length": { max: 150 },
      // Relaxed: the same reason; lists of roles and channels in one sentence take up to five 読点.
      "max-ten": { max: 5 },

      // Off: the pages name official bodies, laws and plans (石巻市地域情報化推進本部会議,
      // 総務部秘書広報課長, 石巻市個人情報保護条例), long kanji compounds that cannot be shortened.
      "max-kanji-continuous-len": false,

      // Off: 及び・又は・並びに are conjunctions inside a sentence in 公用文 (A及びB、C又はD); the rule
      // is written for a conjunction repeated at the start of sentences and misreads them.
      "no-doubled-conjunction": false,

      // Off: 一つ・二つ (和語の数え方) are written in kanji here, as in the city's other rules.
      "arabic-kanji-numbers": false,

      // Relaxed: on these pages every repeated に, か, が, で and への the rule found was an idiom or a
      // parallel phrase, not a clumsy sentence: 事前に知らせ…非表示に; 公式ページかどうか; 表示されることが
      // あります, 作られるおそれがあります; 記録した上で; Facebookへの報告及び警察への相談. The rule cannot tell
      // them apart. A doubled は, を or と is still refused.
      "no-doubled-joshi": { allow: ["も", "や", "に", "か", "が", "で", "への"] },

      // Facebook's button is named 「いいね！」; every other ! and ？ is still refused.
      "no-exclamation-question-mark": { allow: ["いいね！"] },

      // Forms leave blanks of full-width spaces to be filled in by hand (提出日：　　年　　月　　日).
      "ja-no-successive-word": { allow: ["　"] },

      // A label that introduces a list or a blank in a form ends with a colon, not 。.
      "ja-no-mixed-period": { allowPeriodMarks: ["："] },

      // 「〜することができる」 and 「〜を行う」 are the fixed expressions of 公用文 for a power
      // and for a duty (法令用語); the other redundant expressions are still refused.
      "ja-no-redundant-expression": { dictOptions: { dict2: { disabled: true }, dict5: { disabled: true } } },
    },
    // One name per thing (scripts/data/glossary.yml, handed over by scripts/sns_policy/commands/prose.py). The rule is a
    // file of this repository: textlint resolves an absolute path as it is, wherever node_modules is.
    [path.join(__dirname, "scripts", "textlint-rule-glossary.js")]: true,
  },
};
