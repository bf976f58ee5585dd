// A rollup plugin for the script-tag build: squeezes the whitespace and comments out of the
// static text of Lit's css`...` templates (expressions are left alone). Every byte of that
// bundle is downloaded by every page; the npm build is left readable.

/** The static parts of one css template's source, each squeezed; `${...}` kept as written. */
function squeezeTemplate(body) {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf('${', i);
    const text = open === -1 ? body.slice(i) : body.slice(i, open);
    out += squeeze(text);
    if (open === -1) break;
    // Copy the expression through its matching brace.
    let depth = 0;
    let j = open + 1;
    for (; j < body.length; j++) {
      if (body[j] === '{') depth++;
      else if (body[j] === '}' && --depth === 0) break;
    }
    out += body.slice(open, j + 1);
    i = j + 1;
  }
  return out;
}

/**
 * Comments out, whitespace runs to one space, and no space around `{ } ; ,` or after `:`
 * (a space before `:` can be a descendant combinator, `+` and `-` need theirs in calc()).
 */
function squeeze(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}');
}

export function minifyCss() {
  return {
    name: 'minify-css',
    transform(code, id) {
      if (!/\.(ts|js)$/.test(id) || !/\bcss\s*`/.test(code)) return null;
      // TypeScript writes the tag as `css \``.
      const next = code.replace(/\bcss\s*`((?:[^`\\]|\\.)*)`/g, (_, body) => `css\`${squeezeTemplate(body)}\``);
      // The styles modules lose their source mapping (an empty map), not the rest of the bundle.
      return next === code ? null : { code: next, map: { mappings: '' } };
    },
  };
}
