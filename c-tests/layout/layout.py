#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""ABI layout test: compare our headers with the reference DPDK 22.11's.

Usage:
    layout.py [--items FILE] [--ref-cflags FLAGS] INCLUDE_DIR OUTDIR
    layout.py --self-test [OUTDIR]

items.txt (next to this script) lists what to compare, one item a line:

    include HEADER                 a header the generated C file includes
    struct NAME / union NAME       sizeof, _Alignof, then offsetof and sizeof
                                   of every field C can name (bitfields: the
                                   bits that writing -1 through them sets)
    enum NAME [ENUMERATOR...]      sizeof and each enumerator's value (all of
                                   the reference's enumerators when none given)
    const NAME                     an integer macro or enumerator, as long long
    sizeof TYPE-OR-EXPRESSION      its sizeof and _Alignof

NAME is spelled as C would name the type (`struct rte_mbuf` or, for a
typedef'd anonymous struct, `struct rte_thread_t` meaning `rte_thread_t`).

The fields come from bindgen run over the reference's headers: named fields,
the members of anonymous structs/unions (C addresses them directly), the
fields of nested struct types that are not items themselves, and bitfields
(from bindgen's `new_bitfield_N` constructors).  One C file is generated into
OUTDIR, compiled against the reference (pkg-config --cflags libdpdk from the
system path) and against INCLUDE_DIR (-I INCLUDE_DIR -include rte_config.h
-march=corei7); both programs run and their outputs are compared line by line.
A check that does not compile on one side is left out there (each check sits
in its own #ifndef SKIP_n) and reported as a failure.  Exit status 1 on any
difference or failure.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ITEMS = os.path.join(HERE, 'items.txt')
DEFAULT_REF_CFLAGS = ('-I/usr/include/dpdk -I/usr/include/x86_64-linux-gnu/dpdk '
                      '-include rte_config.h -march=corei7')
OUR_CFLAGS = '-I{inc} -include rte_config.h -march=corei7'
MAX_DEPTH = 8

# Rust keywords that bindgen escapes with a trailing underscore.
RUST_KEYWORDS = set('''abstract as async await become box break const continue
crate do dyn else enum extern false final fn for if impl in let loop macro
match mod move mut override priv pub ref return self Self static struct super
trait true try type typeof union unsafe unsized use virtual where while
yield str'''.split())

# Fields bindgen adds for its own purposes; none of them is a C member.
BINDGEN_INTERNAL = re.compile(r'^(__bindgen_padding_\d+|__bindgen_align|_address|_unused'
                              r'|_bitfield_align_\d+|_bindgen_opaque_blob)$')


# --------------------------------------------------------------------------
# Items


class Item:
    """One line of items.txt: kind (struct, union, enum, const, sizeof),
    name, the enumerators listed for an enum, and where it was read."""

    def __init__(self, kind, name, args, where):
        self.kind = kind
        self.name = name
        self.args = list(args)
        self.where = where
        self.ctype = None       # the C spelling, decided by probe_spellings()
        self.note = None        # a problem found before compiling

    def label(self):
        """The item as items.txt names it (without enumerators)."""
        return '%s %s' % (self.kind, self.name)


def parse_items(path):
    """Read an items file: returns (includes, items).  Blank lines and
    `#` comments are ignored; an unknown kind is an error."""
    includes, items = [], []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            where = '%s:%d' % (os.path.basename(path), lineno)
            kind, _, rest = line.partition(' ')
            rest = rest.strip()
            if not rest:
                raise SystemExit('%s: `%s` needs a name' % (where, kind))
            if kind == 'include':
                includes.append(rest)
            elif kind in ('struct', 'union', 'enum'):
                words = rest.split()
                items.append(Item(kind, words[0], words[1:] if kind == 'enum' else [], where))
                if kind != 'enum' and len(words) > 1:
                    raise SystemExit('%s: extra words after %s %s' % (where, kind, words[0]))
            elif kind in ('const', 'sizeof'):
                items.append(Item(kind, rest, [], where))
            else:
                raise SystemExit('%s: unknown item kind `%s`' % (where, kind))
            if kind != 'include' and any(x.label() == items[-1].label() for x in items[:-1]):
                raise SystemExit('%s: duplicate item %s' % (where, items[-1].label()))
    return includes, items


# --------------------------------------------------------------------------
# Compiler flags


def reference_cflags():
    """The reference's cflags from the system pkg-config path (any
    PKG_CONFIG_PATH pointing elsewhere is dropped); a fixed fallback when
    pkg-config does not know libdpdk."""
    env = dict(os.environ)
    env.pop('PKG_CONFIG_PATH', None)
    env.pop('PKG_CONFIG_LIBDIR', None)
    try:
        res = subprocess.run(['pkg-config', '--cflags', 'libdpdk'], env=env,
                             capture_output=True, text=True, check=False)
    except OSError:
        res = None
    if res is None or res.returncode != 0 or not res.stdout.strip():
        return shlex.split(DEFAULT_REF_CFLAGS)
    return shlex.split(res.stdout)


def our_cflags(include_dir):
    """Our cflags for an include dir, as our libdpdk.pc gives them."""
    return shlex.split(OUR_CFLAGS.format(inc=shlex.quote(os.path.abspath(include_dir))))


# --------------------------------------------------------------------------
# bindgen output: a small tokenizer and parser for what bindgen emits


TOKEN_RE = re.compile(r'''\s+|//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])'(?!\w)'''
                      r'''|[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*|::|->|=>|.''', re.S)
OPEN = {'(': ')', '[': ']', '{': '}'}


def tokenize(text):
    """Split Rust source into tokens, dropping whitespace and comments."""
    return [t for t in TOKEN_RE.findall(text)
            if not t.isspace() and not t.startswith('//') and not t.startswith('/*')]


def matching(toks, i):
    """Index of the bracket closing the one at toks[i] ((), [] or {})."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j] in OPEN:
            depth += 1
        elif toks[j] in (')', ']', '}'):
            depth -= 1
            if depth == 0:
                return j
    raise ValueError('unbalanced bracket in bindgen output')


def split_top(toks, sep=','):
    """Split a token list at `sep` outside any (), [], {} or <>."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t in ('(', '[', '{', '<'):
            depth += 1
        elif t in (')', ']', '}', '>'):
            depth -= 1
        if t == sep and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def strip_attributes(toks):
    """Drop leading `#[...]` attributes and a `pub` / `pub(...)`."""
    while toks and toks[0] == '#':
        toks = toks[matching(toks, 1) + 1:]
    if toks and toks[0] == 'pub':
        toks = toks[1:]
        if toks and toks[0] == '(':
            toks = toks[matching(toks, 0) + 1:]
    return toks


class Bindings:
    """What layout.py needs from bindgen's output: records (struct/union name
    -> list of (field, type tokens)), bitfield names (record -> unit number ->
    names), type aliases (name -> type tokens) and constants (type name ->
    list of (name, value))."""

    def __init__(self):
        self.records = {}
        self.record_kind = {}
        self.bitfields = {}
        self.aliases = {}
        self.consts = {}


def parse_fields(body):
    """(name, type tokens) of each field of a struct/union body."""
    fields = []
    for part in split_top(body):
        part = strip_attributes(part)
        if len(part) >= 3 and part[1] == ':':
            fields.append((part[0], part[2:]))
    return fields


def parse_bitfield_ctors(toks, start, end, into):
    """Find `fn new_bitfield_N(a: T, b: U)` in an impl body and record the
    argument names (the bitfields of unit N) in `into`."""
    i = start
    while i < end:
        m = re.match(r'new_bitfield_(\d+)$', toks[i])
        if toks[i - 1] == 'fn' and m and toks[i + 1] == '(':
            close = matching(toks, i + 1)
            names = [a[0] for a in split_top(toks[i + 2:close]) if len(a) >= 2 and a[1] == ':']
            into[int(m.group(1))] = names
            i = close
        i += 1


def parse_bindgen(text):
    """Parse bindgen's Rust output into a Bindings."""
    toks = tokenize(text)
    b = Bindings()
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < n else ''
        if t == 'pub' and nxt in ('struct', 'union') and i + 3 < n:
            name, j = toks[i + 2], i + 3
            if toks[j] == '{':
                close = matching(toks, j)
                b.records[name] = parse_fields(toks[j + 1:close])
                b.record_kind[name] = nxt
                i = close
        elif t == 'pub' and nxt == 'type' and i + 3 < n and toks[i + 3] == '=':
            j = i + 4
            k = j
            depth = 0
            while k < n and not (toks[k] == ';' and depth == 0):
                depth += toks[k] in ('(', '[', '{', '<')
                depth -= toks[k] in (')', ']', '}', '>')
                k += 1
            b.aliases[toks[i + 2]] = toks[j:k]
            i = k
        elif t == 'pub' and nxt == 'const' and i + 3 < n and toks[i + 3] == ':':
            eq = toks.index('=', i)
            k = toks.index(';', eq)
            ctype = ''.join(toks[i + 4:eq])
            b.consts.setdefault(ctype, []).append((toks[i + 2], ''.join(toks[eq + 1:k])))
            i = k
        elif t == 'impl' and nxt not in ('<', '') and i + 2 < n and toks[i + 2] == '{':
            close = matching(toks, i + 2)
            parse_bitfield_ctors(toks, i + 3, close, b.bitfields.setdefault(nxt, {}))
            i = close
        i += 1
    return b


def c_name(rust_name):
    """The C name of a field bindgen named (keywords get a trailing `_`)."""
    if rust_name.endswith('_') and rust_name[:-1] in RUST_KEYWORDS:
        return rust_name[:-1]
    return rust_name


def resolve_type(b, toks, depth=0):
    """Classify a bindgen type: ('record', name), ('array', elem, count),
    ('flex', elem) for a flexible array member, or ('leaf',)."""
    if depth > 20 or not toks:
        return ('leaf',)
    if toks[0] == '[':
        parts = split_top(toks[1:matching(toks, 0)], ';')
        count = re.match(r'\d+', ''.join(parts[1])) if len(parts) == 2 else None
        return ('array', parts[0], int(count.group(0)) if count else 0)
    if toks[0] in ('*', '&'):
        return ('leaf',)
    idents = [t for t in toks if re.match(r'[A-Za-z_]\w*$', t)]
    if '<' in toks:
        base = toks[toks.index('<') - 1]
        inner = toks[toks.index('<') + 1:len(toks) - 1 - toks[::-1].index('>')]
        if base == '__IncompleteArrayField':
            return ('flex', inner)
        if base == '__BindgenUnionField':
            return resolve_type(b, inner, depth + 1)
        return ('leaf',)
    name = idents[-1] if idents else ''
    if name in b.records:
        return ('record', name)
    if name in b.aliases:
        return resolve_type(b, b.aliases[name], depth + 1)
    return ('leaf',)


class Stats:
    """Counters of what could not be compared field by field."""

    def __init__(self):
        self.skipped_bitfield_units = 0
        self.opaque = []
        self.unlisted = []


def collect_fields(b, rec, prefix, stop, out, stats, depth=0):
    """Append (path, kind) for each member C can name in record `rec`, kind
    being 'plain', 'flex' (flexible array: no sizeof) or 'bitfield'.
    Anonymous members are descended into with the same prefix; named
    members whose type is an anonymous record or a record not in `stop`
    (the items) are descended into with `member.` (arrays by `[0]`)."""
    fields = b.records[rec]
    if any(f == '_bindgen_opaque_blob' for f, _ in fields):
        stats.opaque.append(prefix + rec)
        return
    for fname, ftoks in fields:
        unit = re.match(r'_bitfield_(\d+)$', fname)
        if unit:
            names = b.bitfields.get(rec, {}).get(int(unit.group(1)))
            if names is None:
                stats.skipped_bitfield_units += 1
            else:
                out.extend((prefix + c_name(nm), 'bitfield') for nm in names)
            continue
        if BINDGEN_INTERNAL.match(fname):
            continue
        kind = resolve_type(b, ftoks)
        if fname.startswith('__bindgen_anon_'):
            if kind[0] == 'record' and depth < MAX_DEPTH:
                collect_fields(b, kind[1], prefix, stop, out, stats, depth + 1)
            continue
        path = prefix + c_name(fname)
        out.append((path, 'flex' if kind[0] == 'flex' else 'plain'))
        index = ''
        while kind[0] == 'array' and kind[2] > 0:
            index += '[0]'
            kind = resolve_type(b, kind[1])
        if (kind[0] == 'record' and depth < MAX_DEPTH
                and ('__bindgen_ty_' in kind[1] or kind[1] not in stop)):
            collect_fields(b, kind[1], path + index + '.', stop, out, stats, depth + 1)


def run_bindgen(items, includes, cflags, outdir):
    """Run bindgen over a wrapper of the reference headers for the
    struct/union/enum items; returns (Bindings, error or None)."""
    names = sorted({it.name for it in items if it.kind in ('struct', 'union', 'enum')})
    b = Bindings()
    if not names:
        return b, None
    wrapper = os.path.join(outdir, 'wrapper.h')
    with open(wrapper, 'w') as f:
        f.write(''.join('#include <%s>\n' % h for h in includes))
    out = os.path.join(outdir, 'bindgen.rs')
    cmd = ['bindgen', wrapper, '-o', out, '--no-layout-tests', '--no-doc-comments',
           '--no-prepend-enum-name']
    for nm in names:
        cmd += ['--allowlist-type', re.escape(nm)]
    cmd += ['--'] + cflags
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as e:
        return b, 'bindgen: %s' % e
    if res.returncode != 0 or not os.path.exists(out):
        return b, 'bindgen failed: ' + (res.stderr.strip().splitlines() or ['?'])[-1]
    with open(out) as f:
        return parse_bindgen(f.read()), None


# --------------------------------------------------------------------------
# Checks and the generated C file


class Check:
    """One printed line of the generated program: its key, the item it
    belongs to (index), the field path it checks (or None) and the C
    statement that prints it."""

    def __init__(self, item, key, stmt, field=None):
        self.item = item
        self.key = key
        self.stmt = stmt
        self.field = field
        self.id = None


def c_string(s):
    """A C string literal for s."""
    return '"%s"' % s.replace('\\', '\\\\').replace('"', '\\"')


def ll(key, expr):
    """Statement printing `key<TAB>(long long)expr`."""
    return 'LAYOUT_LL(%s, %s);' % (c_string(key), expr)


def record_checks(idx, it, b, stop, stats):
    """Checks of a struct/union item: size, alignment, every field."""
    t = it.ctype
    checks = [Check(idx, it.label() + ' sizeof', ll(it.label() + ' sizeof', 'sizeof(%s)' % t)),
              Check(idx, it.label() + ' alignof', ll(it.label() + ' alignof', '_Alignof(%s)' % t))]
    rec = it.name
    kind = resolve_type(b, [rec])
    if kind[0] != 'record':
        it.note = 'not found in bindgen output of the reference headers'
        return checks
    fields = []
    collect_fields(b, kind[1], '', stop, fields, stats)
    for path, fkind in fields:
        base = '%s .%s' % (it.label(), path)
        if fkind == 'bitfield':
            checks.append(Check(idx, base + ' bits', 'LAYOUT_BITS(%s, %s, %s);'
                                % (c_string(base + ' bits'), t, path), path))
            continue
        checks.append(Check(idx, base + ' offsetof',
                            ll(base + ' offsetof', 'offsetof(%s, %s)' % (t, path)), path))
        if fkind == 'plain':
            checks.append(Check(idx, base + ' sizeof',
                                ll(base + ' sizeof', 'sizeof(((%s *)0)->%s)' % (t, path)), path))
    return checks


def enum_checks(idx, it, b, stats):
    """Checks of an enum item: its size and each enumerator's value.  With
    no enumerators listed, the reference's (from bindgen) are used; listed
    ones leaving out some of the reference's are noted."""
    known = [nm for nm, _ in b.consts.get(it.name, [])]
    names = it.args or known
    if not names:
        it.note = 'no enumerators listed nor found by bindgen'
    unlisted = [nm for nm in known if nm not in names]
    if unlisted:
        stats.unlisted.append('%s: %s' % (it.label(), ' '.join(unlisted)))
    checks = [Check(idx, it.label() + ' sizeof', ll(it.label() + ' sizeof', 'sizeof(%s)' % it.ctype))]
    for nm in names:
        checks.append(Check(idx, '%s %s' % (it.label(), nm),
                            ll('%s %s' % (it.label(), nm), nm), nm))
    return checks


def build_checks(items, b):
    """All checks of all items, numbered from 1, with skipped-field stats."""
    stop = {it.name for it in items if it.kind in ('struct', 'union')}
    stats = Stats()
    checks = []
    for idx, it in enumerate(items):
        if it.kind in ('struct', 'union'):
            checks += record_checks(idx, it, b, stop, stats)
        elif it.kind == 'enum':
            checks += enum_checks(idx, it, b, stats)
        elif it.kind == 'const':
            checks.append(Check(idx, it.label(), ll(it.label(), it.name)))
        else:
            checks.append(Check(idx, it.label(), ll(it.label(), 'sizeof(%s)' % it.name)))
            checks.append(Check(idx, 'alignof ' + it.name,
                                ll('alignof ' + it.name, '_Alignof(%s)' % it.name)))
    for n, c in enumerate(checks, 1):
        c.id = n
    return checks, stats


PRELUDE = r'''/* Generated by c-tests/layout/layout.py: do not edit.
 * Each check prints "KEY<TAB>VALUE"; a check that does not compile is left
 * out with -DSKIP_<n>.  _GNU_SOURCE as DPDK applications build (the
 * reference's rte_cpuset_t needs it). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
%(includes)s
#define LAYOUT_LL(key, expr) printf("%%s\t%%lld\n", (key), (long long)(expr))

/* Writes -1 through a bitfield of a zeroed object and prints which bits
 * of the object that set (bit n = bit n%%8 of byte n/8). */
#define LAYOUT_BITS(key, type, member) do { \
	type *layout_obj_ = calloc(1, sizeof(type)); \
	if (layout_obj_ == NULL) \
		abort(); \
	layout_obj_->member = -1; \
	layout_bits((key), (const unsigned char *)layout_obj_, sizeof(type)); \
	free(layout_obj_); \
} while (0)

static void layout_bits(const char *key, const unsigned char *p, size_t n)
{
	size_t i, first = 0, last = 0, count = 0;

	for (i = 0; i < n * 8; i++) {
		if (p[i / 8] & (1u << (i %% 8))) {
			if (count++ == 0)
				first = i;
			last = i;
		}
	}
	if (count == 0)
		printf("%%s\tno bits\n", key);
	else
		printf("%%s\tbits %%zu..%%zu (%%zu set)\n", key, first, last, count);
}

int main(void)
{
%(missing)s'''


def generate_c(includes, checks):
    """The C source and, per check id, its (first, last) line numbers."""
    inc = ''.join('#if __has_include(<%s>)\n#include <%s>\n#endif\n' % (h, h) for h in includes)
    missing = ''.join('#if !__has_include(<%s>)\n\tprintf("#missing\\t%%s\\n", %s);\n#endif\n'
                      % (h, c_string(h)) for h in includes)
    text = PRELUDE % {'includes': inc, 'missing': missing}
    lines = text.split('\n')[:-1]
    ranges = {}
    for c in checks:
        lines.append('#ifndef SKIP_%d' % c.id)
        start = len(lines) + 1
        lines.append('\t' + c.stmt)
        ranges[c.id] = (start, start)
        lines.append('#endif')
    lines += ['\treturn 0;', '}', '']
    return '\n'.join(lines), ranges


# --------------------------------------------------------------------------
# Compiling with skips


def compile_once(cc, cflags, src, exe, skip, syntax_only=False):
    """Compile src (skipping the given check ids); returns the result."""
    cmd = [cc, '-w', '-O0'] + cflags + ['-DSKIP_%d' % i for i in sorted(skip)] + [src]
    cmd += ['-fsyntax-only'] if syntax_only else ['-o', exe]
    env = dict(os.environ, LC_ALL='C')
    return subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)


ERR_RE = re.compile(r'^(.*?):(\d+):(?:\d+:)? (fatal error|error|note): (.*)$')


def attribute_errors(stderr, src, ranges):
    """Map compiler errors to check ids: an error at a line of a check, or an
    error in a header whose notes (macro expansion) point at such a line.
    Returns {id: message}."""
    by_line = {}
    for cid, (first, last) in ranges.items():
        for ln in range(first, last + 1):
            by_line[ln] = cid
    found, current = {}, None
    for line in stderr.splitlines():
        m = ERR_RE.match(line)
        if not m:
            continue
        path, ln, what, msg = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        if what != 'note':
            current = msg
        if os.path.abspath(path) == os.path.abspath(src) and ln in by_line and current:
            found.setdefault(by_line[ln], current)
    return found


def first_error(stderr):
    """The most telling error line of a compiler's output: an undefined
    reference or the first `error:` (collect2's summary last)."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for want in ('undefined reference', 'error:'):
        for line in lines:
            if want in line and not line.startswith('collect2'):
                return line
    return lines[-1] if lines else 'compiler failed'


def bisect_failures(try_compile, ids, skipped):
    """Find the checks among `ids` that fail to compile by halving, with
    everything else skipped.  Returns {id: message}."""
    enabled = set(ids)
    res = try_compile(skipped | (try_compile.all_ids - enabled))
    if res.returncode == 0:
        return {}
    if len(ids) == 1:
        return {ids[0]: first_error(res.stderr)}
    half = len(ids) // 2
    found = bisect_failures(try_compile, ids[:half], skipped)
    found.update(bisect_failures(try_compile, ids[half:], skipped))
    return found


def compile_with_skips(cc, cflags, src, exe, ranges, syntax_only=False):
    """Compile src, leaving out the checks that do not compile.  Returns
    ({id: error message}, fatal) where fatal is an error message when the
    file fails even with every check left out."""
    def try_compile(skip):
        return compile_once(cc, cflags, src, exe, skip, syntax_only)
    try_compile.all_ids = set(ranges)
    failed = {}
    while True:
        res = try_compile(set(failed))
        if res.returncode == 0:
            return failed, None
        new = {k: v for k, v in attribute_errors(res.stderr, src, ranges).items()
               if k not in failed}
        if not new:
            every = try_compile(set(ranges))
            if every.returncode != 0:
                return failed, first_error(every.stderr)
            rest = [i for i in sorted(ranges) if i not in failed]
            new = bisect_failures(try_compile, rest, set(failed))
            if not new:
                return failed, first_error(res.stderr)
        failed.update(new)


def probe_spellings(items, includes, cc, cflags, outdir):
    """Decide how C spells each struct/union/enum item on the reference:
    `struct NAME` when that is a complete type, else the typedef `NAME`."""
    typed = [it for it in items if it.kind in ('struct', 'union', 'enum')]
    if not typed:
        return
    checks = [Check(i, it.label(), '(void)sizeof(%s %s);' % (it.kind, it.name))
              for i, it in enumerate(typed)]
    for n, c in enumerate(checks, 1):
        c.id = n
    text, ranges = generate_c(includes, checks)
    src = os.path.join(outdir, 'probe.c')
    with open(src, 'w') as f:
        f.write(text)
    failed, _ = compile_with_skips(cc, cflags, src, None, ranges, syntax_only=True)
    for c in checks:
        it = typed[c.item]
        it.ctype = it.name if c.id in failed else '%s %s' % (it.kind, it.name)


# --------------------------------------------------------------------------
# Running and comparing


def run_program(exe):
    """Run a generated program: ({key: value}, missing headers, error)."""
    try:
        res = subprocess.run([exe], capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        return {}, [], 'could not run %s: %s' % (exe, e)
    values, missing = {}, []
    for line in res.stdout.splitlines():
        key, _, value = line.partition('\t')
        if key == '#missing':
            missing.append(value)
        else:
            values[key] = value
    err = None if res.returncode == 0 else '%s exited with status %d' % (exe, res.returncode)
    return values, missing, err


class Side:
    """One side of the comparison: its name, cflags, executable, the
    checks that did not compile, a fatal error and the program's output."""

    def __init__(self, name, cflags, exe):
        self.name = name
        self.cflags = cflags
        self.exe = exe
        self.failed = {}
        self.fatal = None
        self.values = {}
        self.missing = []


def build_and_run(side, cc, src, ranges, outdir):
    """Compile and run one side, filling in the Side.  When the file does
    not compile even with every check left out (the headers themselves are
    broken), side.fatal says why and nothing runs."""
    side.failed, side.fatal = compile_with_skips(cc, side.cflags, src, side.exe, ranges)
    if side.fatal:
        side.fatal = 'does not compile at all: ' + side.fatal
        return
    side.values, side.missing, err = run_program(side.exe)
    side.fatal = err
    with open(os.path.join(outdir, side.name + '.txt'), 'w') as f:
        f.write(''.join('%s\t%s\n' % kv for kv in side.values.items()))


def compile_failures(label, item_checks, side):
    """Differences for one item's checks that did not compile on a side:
    one for the whole item when none of its checks compiled."""
    failed = [c for c in item_checks if c.id in side.failed]
    if not failed:
        return []
    if len(item_checks) > 1 and len(failed) == len(item_checks):
        return [(label, 'does not compile against %s: %s' % (side.name, side.failed[failed[0].id]))]
    return [(c.key, 'does not compile against %s: %s' % (side.name, side.failed[c.id]))
            for c in failed]


def value_differences(item_checks, ref, ours):
    """Differences between the values both programs printed."""
    diffs = []
    for c in item_checks:
        if c.id in ref.failed or c.id in ours.failed:
            continue
        rv, ov = ref.values.get(c.key), ours.values.get(c.key)
        if rv is None or ov is None:
            diffs.append((c.key, 'no output from %s' % ('the reference' if rv is None else 'ours')))
        elif rv != ov:
            diffs.append((c.key, 'reference %s, ours %s' % (rv, ov)))
    return diffs


def compare(items, checks, ref, ours):
    """Compare both sides: returns (differences, failed item indexes), each
    difference a (key, message) pair."""
    by_item = {}
    for c in checks:
        by_item.setdefault(c.item, []).append(c)
    diffs, bad = [], set()
    for side in (ref, ours):
        if side.fatal:
            diffs.append(('(%s)' % side.name, side.fatal))
    for idx, it in enumerate(items):
        found = [(it.label(), it.note)] if it.note else []
        item_checks = by_item.get(idx, [])
        if not (ref.fatal or ours.fatal):
            found += compile_failures(it.label(), item_checks, ref)
            found += compile_failures(it.label(), item_checks, ours)
            found += value_differences(item_checks, ref, ours)
        if found or ref.fatal or ours.fatal:
            bad.add(idx)
        diffs += found
    return diffs, bad


def summary(items, checks, diffs, bad, stats, ref, ours):
    """The report's lines."""
    nrec = sum(1 for it in items if it.kind in ('struct', 'union'))
    nfield = len({(c.item, c.field) for c in checks
                  if c.field is not None and items[c.item].kind in ('struct', 'union')})
    nbits = sum(1 for c in checks if c.key.endswith(' bits'))
    nenum = sum(1 for it in items if it.kind == 'enum')
    nenumerators = sum(1 for c in checks if c.field is not None and items[c.item].kind == 'enum')
    nconst = sum(1 for it in items if it.kind in ('const', 'sizeof'))
    lines = ['layout: %d structs, %d fields, %d enums (%d enumerators), %d constants compared; '
             '%d differences' % (nrec, nfield, nenum, nenumerators, nconst, len(diffs))]
    lines += ['  %s: %s' % d for d in diffs]
    if nbits:
        lines.append('layout: note: %d of the fields are bitfields, compared by the bits '
                     'they set' % nbits)
    if stats.skipped_bitfield_units:
        lines.append('layout: note: %d bitfield units skipped (bindgen gave no names)'
                     % stats.skipped_bitfield_units)
    for what in stats.unlisted:
        lines.append('layout: note: enumerators of the reference not listed in %s' % what)
    for rec in stats.opaque:
        lines.append('layout: note: %s is opaque to bindgen: only its size and alignment '
                     'are compared' % rec)
    for side in (ref, ours):
        for h in side.missing:
            lines.append('layout: note: <%s> is missing from %s' % (h, side.name))
    lines.append('layout: %d passed, %d failed' % (len(items) - len(bad), len(bad)))
    return lines


def run_layout(items_path, ref_cflags, ours_cflags, outdir, cc=None):
    """Run the whole comparison; returns (exit status, report lines, diffs)."""
    cc = cc or os.environ.get('CC', 'cc')
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, 'cflags.txt'), 'w') as f:
        f.write('reference: %s\nours: %s\n' % (shlex.join(ref_cflags), shlex.join(ours_cflags)))
    includes, items = parse_items(items_path)
    b, err = run_bindgen(items, includes, ref_cflags, outdir)
    if err:
        for it in items:
            if it.kind in ('struct', 'union'):
                it.note = err
    probe_spellings(items, includes, cc, ref_cflags, outdir)
    checks, stats = build_checks(items, b)
    text, ranges = generate_c(includes, checks)
    src = os.path.join(outdir, 'layout.c')
    with open(src, 'w') as f:
        f.write(text)
    ref = Side('reference', ref_cflags, os.path.join(outdir, 'layout-reference'))
    ours = Side('ours', ours_cflags, os.path.join(outdir, 'layout-ours'))
    for side in (ref, ours):
        build_and_run(side, cc, src, ranges, outdir)
    diffs, bad = compare(items, checks, ref, ours)
    lines = summary(items, checks, diffs, bad, stats, ref, ours)
    with open(os.path.join(outdir, 'report.txt'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    return (1 if diffs or bad else 0), lines, diffs


# --------------------------------------------------------------------------
# Self-test


SELF_TEST_REF = r'''
#include <stdint.h>
struct fake_inner { uint16_t x; uint8_t y; };
typedef struct {
	uint64_t id;
	union {
		uint64_t whole;
		struct { uint32_t lo:12, mid:4, hi:16; };
	};
	struct { uint8_t a; uint32_t b; } named;
	struct fake_inner inner[2];
	uint8_t type;
	uint8_t tail[];
} fake_ok_t;
struct fake_moved { uint32_t a; uint16_t b; uint16_t c; uint8_t bits:3, more:5; };
enum fake_enum { FAKE_A, FAKE_B, FAKE_C };
#define FAKE_CONST 42
'''

SELF_TEST_OURS = r'''
#include <stdint.h>
struct fake_inner { uint16_t x; uint8_t y; };
typedef struct fake_ok_t {
	uint64_t id;
	union {
		struct { uint32_t lo:12, mid:4, hi:16; };
		uint64_t whole;
	};
	struct { uint8_t a; uint32_t b; } named;
	struct fake_inner inner[2];
	uint8_t type;
	uint8_t tail[];
} fake_ok_t;
struct fake_moved { uint32_t a; uint16_t c; uint16_t b; uint8_t bits:3, more:5; };
enum fake_enum { FAKE_A, FAKE_B = 5, FAKE_C = 2 };
#define FAKE_CONST (40 + 2)
'''

SELF_TEST_ITEMS = '''# self-test items
include fake.h
struct fake_ok_t
struct fake_moved
enum fake_enum FAKE_A FAKE_B FAKE_C
const FAKE_CONST
sizeof struct fake_inner
'''

# Expected differences: the moved field pair and the enumerator.
SELF_TEST_EXPECT = {
    'struct fake_moved .b offsetof',
    'struct fake_moved .c offsetof',
    'enum fake_enum FAKE_B',
}

# A second pair: a bitfield moved and a field missing from ours.
SELF_TEST_OURS_2 = SELF_TEST_OURS.replace('uint8_t bits:3, more:5', 'uint8_t more:5, bits:3') \
    .replace('uint8_t type;', '').replace('FAKE_B = 5, FAKE_C = 2', 'FAKE_B, FAKE_C')
SELF_TEST_EXPECT_2 = {
    'struct fake_moved .b offsetof',
    'struct fake_moved .c offsetof',
    'struct fake_moved .bits bits',
    'struct fake_moved .more bits',
    'struct fake_ok_t .type offsetof',
    'struct fake_ok_t .type sizeof',
    'struct fake_ok_t .tail offsetof',
    'struct fake_ok_t sizeof',
}


def write(path, text):
    """Write text to path, creating its folder."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


def self_test_case(tmp, name, ours_text, expect, expect_fields):
    """Run one fake pair; returns a list of problems (empty when right)."""
    write(os.path.join(tmp, name, 'ref', 'fake.h'), SELF_TEST_REF)
    write(os.path.join(tmp, name, 'ours', 'fake.h'), ours_text)
    write(os.path.join(tmp, name, 'items.txt'), SELF_TEST_ITEMS)
    status, lines, diffs = run_layout(
        os.path.join(tmp, name, 'items.txt'),
        ['-I' + os.path.join(tmp, name, 'ref')], ['-I' + os.path.join(tmp, name, 'ours')],
        os.path.join(tmp, name, 'out'))
    print('\n'.join('  | ' + ln for ln in lines))
    problems = []
    got = {k for k, _ in diffs}
    if got != expect:
        problems.append('%s: differences %s, expected %s' % (name, sorted(got), sorted(expect)))
    if status != 1:
        problems.append('%s: exit status %d, expected 1' % (name, status))
    head = '2 structs, %d fields' % expect_fields
    if head not in lines[0]:
        problems.append('%s: summary `%s` lacks `%s`' % (name, lines[0], head))
    if not lines[-1] == 'layout: 3 passed, 2 failed':
        problems.append('%s: last line `%s`' % (name, lines[-1]))
    return problems


def self_test(outdir=None):
    """Check that the comparison reports exactly the planted differences."""
    tmp = outdir or tempfile.mkdtemp(prefix='layout-self-test-')
    # fake_ok_t: id, whole, lo, mid, hi, named, named.a, named.b, inner,
    # inner[0].x, inner[0].y, type, tail; fake_moved: a, b, c, bits, more.
    problems = self_test_case(tmp, 'moved', SELF_TEST_OURS, SELF_TEST_EXPECT, 18)
    problems += self_test_case(tmp, 'bits', SELF_TEST_OURS_2, SELF_TEST_EXPECT_2, 18)
    if outdir is None:
        shutil.rmtree(tmp, ignore_errors=True)
    for p in problems:
        print('layout self-test: FAIL: ' + p)
    print('layout self-test: %s' % ('FAILED' if problems else 'ok'))
    return 1 if problems else 0


def main(argv):
    """Command line entry point."""
    args = argv[1:]
    if args and args[0] == '--self-test':
        return self_test(args[1] if len(args) > 1 else None)
    items_path, ref_flags = DEFAULT_ITEMS, None
    while args and args[0].startswith('--'):
        opt = args.pop(0)
        if opt == '--items' and args:
            items_path = args.pop(0)
        elif opt == '--ref-cflags' and args:
            ref_flags = shlex.split(args.pop(0))
        else:
            print(__doc__)
            return 2
    if len(args) != 2:
        print(__doc__)
        return 2
    include_dir, outdir = args
    status, lines, _ = run_layout(items_path, ref_flags or reference_cflags(),
                                  our_cflags(include_dir), outdir)
    print('\n'.join(lines))
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv))
