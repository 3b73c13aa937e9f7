// JSON to YAML, enough to show a spec the way a person would write it in a file. Strings that a
// YAML reader could take for something else (true, 1.0, a leading '-', a ': ') are double-quoted,
// which is JSON's own string syntax and valid YAML; multi-line strings become literal blocks.

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@:=+ -]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(value, indent) {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'string') return String(value);
  if (value.includes('\n')) {
    const chomp = value.endsWith('\n') ? '' : '-';
    const lines = value.replace(/\n$/, '').split('\n');
    return '|' + chomp + lines.map((line) => '\n' + (line ? indent + '  ' + line : '')).join('');
  }
  const plain = PLAIN.test(value) && !RESERVED.test(value) && !value.includes(': ')
    && !value.endsWith(' ') && !value.endsWith(':');
  return plain ? value : JSON.stringify(value);
}

function isBlock(value) {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

function lines(value, indent) {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (!isBlock(item)) return [indent + '- ' + inline(item, indent + '  ')];
      const inner = lines(item, indent + '  ');
      return [indent + '- ' + inner[0].slice(indent.length + 2), ...inner.slice(1)];
    });
  }
  return Object.entries(value).flatMap(([key, item]) => {
    const name = scalar(key, indent);
    if (!isBlock(item)) return [indent + name + ': ' + inline(item, indent)];
    return [indent + name + ':', ...lines(item, indent + '  ')];
  });
}

function inline(value, indent) {
  if (Array.isArray(value)) return '[]';
  if (value !== null && typeof value === 'object') return '{}';
  return scalar(value, indent);
}

export function toYaml(value) {
  return isBlock(value) ? lines(value, '').join('\n') + '\n' : inline(value, '') + '\n';
}
