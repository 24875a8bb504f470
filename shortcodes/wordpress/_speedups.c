/*
 * Optional C speedups for shortcodes.wordpress (built when a C compiler is at hand;
 * the pure-Python code in shortcodes/wordpress/shortcodes.py and formatting.py is the
 * reference and the fallback, and tests/test_speedups.py checks that both read every
 * text alike).
 *
 * parse_atts(text) -> dict | None
 *
 *   shortcode_parse_atts() for the texts real cards have, reading them as WordPress's
 *   attribute regex does (leftmost-first, PCRE without the u flag: \s and \w are ASCII):
 *
 *     ([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)   named, double-quoted
 *     ([\w-]+)\s*=\s*'([^']*)'(?:\s|$)   named, single-quoted
 *     ([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)  named, bare
 *     "([^"]*)"(?:\s|$)                  positional, double-quoted (skipped if empty)
 *     '([^']*)'(?:\s|$)                  positional, single-quoted (skipped if empty)
 *     (\S+)(?:\s|$)                      positional, bare
 *
 *   None of these can backtrack into a different match (each quantified run stops at
 *   the only character that lets the next step go on), so one left-to-right pass finds
 *   the same matches. Names are lower-cased; positional values get the keys 0, 1, 2...;
 *   a value with a '<' that no '>' closes becomes "" (WordPress rejects unclosed HTML).
 *
 *   Returns None, for the Python code to read, when the text has a backslash
 *   (stripcslashes), U+00A0 or U+200B (replaced by a space first), or a name that
 *   starts with a digit or '-' (PHP may make it an integer key).
 *
 * texturize_split(text, tagnames) -> list[str]
 *
 *   The split of wptexturize (formatting.py: _split_at_starts, the reference), for tag
 *   names that WordPress's scan for names can capture whole: the text, then each HTML
 *   element, comment or shortcode tag of `tagnames` followed by the text after it.
 *
 * unautop(text, tags) -> str | None
 *
 *   shortcode_unautop() (formatting.py, the reference) for a text with no "[/": the
 *   shortcodes of `tags` alone in a paragraph unwrapped. None for a text with "[/",
 *   for the Python code (its pattern then also looks for closing tags).
 *
 * chars_in(text, chars) -> int
 *
 *   Bit i set where the ASCII character chars[i] occurs in text (formatting.py:
 *   _chars_in, the reference): the characters wptexturize's steps look for, found in
 *   one pass where str.__contains__ would make one each (and slows down on the UCS-2
 *   text of Arabic posts, whose letters share a low byte with ', ( and -).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* The readers below are inlined into one copy per string kind (1, 2 or 4 bytes a
 * character), so PyUnicode_READ needs no test of the kind per character. */
#if defined(__GNUC__) || defined(__clang__)
#define INLINE static inline __attribute__((always_inline))
#else
#define INLINE static inline
#endif

#define IS_SPACE(c) ((c) == ' ' || ((c) >= '\t' && (c) <= '\r'))
#define IS_WORD(c)                                                                   \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') ||                    \
     ((c) >= '0' && (c) <= '9') || (c) == '_' || (c) == '-')

/* The value text[start:end], or "" when it has a '<' that no later '>' closes. */
INLINE PyObject *
value_of(PyObject *text, int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t i = start;
    while (i < end) {
        if (PyUnicode_READ(kind, data, i) == '<') {
            Py_ssize_t j = i + 1;
            while (j < end && PyUnicode_READ(kind, data, j) != '>')
                j++;
            if (j == end)
                return PyUnicode_FromStringAndSize("", 0);
            i = j + 1;
        }
        else {
            i++;
        }
    }
    return PyUnicode_Substring(text, start, end);
}

/* The name text[start:end] (ASCII [\w-]) lower-cased. */
INLINE PyObject *
key_of(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *key = PyUnicode_New(end - start, 127);
    if (key == NULL)
        return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(key);
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        *out++ = (Py_UCS1)((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
    }
    return key;
}

/* Where the quote opened at text[open] closes, if whitespace or the end follows it
 * ("…"(?:\s|$)); else -1. */
INLINE Py_ssize_t
closing_quote(int kind, const void *data, Py_ssize_t n, Py_ssize_t open)
{
    const Py_UCS4 quote = PyUnicode_READ(kind, data, open);
    Py_ssize_t close = open + 1;
    while (close < n && PyUnicode_READ(kind, data, close) != quote)
        close++;
    if (close < n && (close + 1 == n || IS_SPACE(PyUnicode_READ(kind, data, close + 1))))
        return close;
    return -1;
}

static int
set_item(PyObject *atts, PyObject *key, PyObject *value)
{
    int rc = -1;
    if (key != NULL && value != NULL)
        rc = PyDict_SetItem(atts, key, value);
    Py_XDECREF(key);
    Py_XDECREF(value);
    return rc;
}

INLINE PyObject *
parse(PyObject *text, const int kind, const void *data, const Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '\\' || c == 0xA0 || c == 0x200B)
            Py_RETURN_NONE;
    }

    PyObject *atts = PyDict_New();
    if (atts == NULL)
        return NULL;
    Py_ssize_t next_index = 0;
    Py_ssize_t p = 0;
    while (p < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        if (IS_SPACE(c)) {  /* no branch starts with whitespace */
            p++;
            continue;
        }
        if (IS_WORD(c)) {  /* a named attribute? */
            Py_ssize_t name_end = p;
            while (name_end < n && IS_WORD(PyUnicode_READ(kind, data, name_end)))
                name_end++;
            Py_ssize_t q = name_end;
            while (q < n && IS_SPACE(PyUnicode_READ(kind, data, q)))
                q++;
            if (q < n && PyUnicode_READ(kind, data, q) == '=') {
                q++;
                while (q < n && IS_SPACE(PyUnicode_READ(kind, data, q)))
                    q++;
                Py_ssize_t v = -1, e = -1, end = -1;
                if (q < n) {
                    Py_UCS4 first = PyUnicode_READ(kind, data, q);
                    if (first == '"' || first == '\'') {
                        Py_ssize_t close = closing_quote(kind, data, n, q);
                        if (close >= 0) {
                            v = q + 1;
                            e = close;
                            end = close + 1;
                        }
                    }
                    else {
                        Py_ssize_t stop = q;
                        Py_UCS4 s;
                        while (stop < n && !IS_SPACE(s = PyUnicode_READ(kind, data, stop)) &&
                               s != '"' && s != '\'')
                            stop++;
                        if (stop == n || IS_SPACE(PyUnicode_READ(kind, data, stop))) {
                            v = q;
                            e = stop;
                            end = stop;
                        }
                    }
                }
                if (v >= 0) {
                    if ((c >= '0' && c <= '9') || c == '-') {  /* maybe an integer key */
                        Py_DECREF(atts);
                        Py_RETURN_NONE;
                    }
                    PyObject *key = key_of(kind, data, p, name_end);
                    PyObject *value = value_of(text, kind, data, v, e);
                    if (set_item(atts, key, value) < 0) {
                        Py_DECREF(atts);
                        return NULL;
                    }
                    p = end < n ? end + 1 : end;  /* and the whitespace after it */
                    continue;
                }
            }
        }
        else if (c == '"' || c == '\'') {  /* a quoted positional value? */
            Py_ssize_t close = closing_quote(kind, data, n, p);
            if (close >= 0) {
                if (close > p + 1) {
                    PyObject *key = PyLong_FromSsize_t(next_index++);
                    PyObject *value = value_of(text, kind, data, p + 1, close);
                    if (set_item(atts, key, value) < 0) {
                        Py_DECREF(atts);
                        return NULL;
                    }
                }
                p = close + 1 < n ? close + 2 : close + 1;  /* and the whitespace after it */
                continue;
            }
        }
        /* (\S+)(?:\s|$): the rest of the run of non-whitespace */
        Py_ssize_t e = p;
        while (e < n && !IS_SPACE(PyUnicode_READ(kind, data, e)))
            e++;
        PyObject *key = PyLong_FromSsize_t(next_index++);
        PyObject *value = value_of(text, kind, data, p, e);
        if (set_item(atts, key, value) < 0) {
            Py_DECREF(atts);
            return NULL;
        }
        p = e < n ? e + 1 : e;
    }
    return atts;
}

static PyObject *
parse_atts(PyObject *module, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "parse_atts() needs a str, not %.100s",
                     Py_TYPE(text)->tp_name);
        return NULL;
    }
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return parse(text, PyUnicode_1BYTE_KIND, data, n);
    case PyUnicode_2BYTE_KIND:
        return parse(text, PyUnicode_2BYTE_KIND, data, n);
    default:
        return parse(text, PyUnicode_4BYTE_KIND, data, n);
    }
}


/* --- texturize_split ------------------------------------------------------------ */

#define IS_PCRE_SPACE(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || \
                          (c) == '\x0b' || (c) == '\x0c')

/* Block tests for the scans below: whether any of the BLOCK characters at i may be
 * one they stop at. On UCS-2 text (Arabic posts) with SSE2, eight at a time; else a
 * loop without an early exit, which the compiler vectorises. */
#define BLOCK 32

INLINE int
block_has(int kind, const void *data, Py_ssize_t i, Py_UCS4 a, Py_UCS4 b)
{
#if defined(__SSE2__)
    if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *p = (const Py_UCS2 *)data + i;
        const __m128i va = _mm_set1_epi16((short)a), vb = _mm_set1_epi16((short)b);
        __m128i acc = _mm_setzero_si128();
        for (int k = 0; k < BLOCK; k += 8) {
            __m128i v = _mm_loadu_si128((const __m128i *)(p + k));
            acc = _mm_or_si128(acc, _mm_or_si128(_mm_cmpeq_epi16(v, va), _mm_cmpeq_epi16(v, vb)));
        }
        return _mm_movemask_epi8(acc) != 0;
    }
#endif
    int hit = 0;
    for (int k = 0; k < BLOCK; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i + k);
        hit |= (c == a) | (c == b);
    }
    return hit;
}

/* Whether any of the BLOCK characters at i is in [lo, lo + span]. */
INLINE int
block_in_range(int kind, const void *data, Py_ssize_t i, Py_UCS4 lo, Py_UCS4 span)
{
#if defined(__SSE2__)
    if (kind == PyUnicode_2BYTE_KIND) {
        const Py_UCS2 *p = (const Py_UCS2 *)data + i;
        const __m128i vlo = _mm_set1_epi16((short)lo), vspan = _mm_set1_epi16((short)span);
        const __m128i zero = _mm_setzero_si128();
        __m128i acc = zero;
        for (int k = 0; k < BLOCK; k += 8) {
            /* c - lo <= span, unsigned: the saturated difference with span is 0 */
            __m128i v = _mm_sub_epi16(_mm_loadu_si128((const __m128i *)(p + k)), vlo);
            acc = _mm_or_si128(acc, _mm_cmpeq_epi16(_mm_subs_epu16(v, vspan), zero));
        }
        return _mm_movemask_epi8(acc) != 0;
    }
#endif
    int hit = 0;
    for (int k = 0; k < BLOCK; k++)
        hit |= (Py_UCS4)(PyUnicode_READ(kind, data, i + k) - lo) <= span;
    return hit;
}

/* The first index >= i of '<' (or '[' too if `brackets`), else n. */
INLINE Py_ssize_t
next_start(int kind, const void *data, Py_ssize_t i, Py_ssize_t n, int brackets)
{
    const Py_UCS4 b = brackets ? '[' : '<';
    while (i + BLOCK <= n && !block_has(kind, data, i, '<', b))
        i += BLOCK;
    for (; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '<' || c == b)
            return i;
    }
    return n;
}

/* The end of the HTML element, comment or unclosed tag at text[at] == '<':
 * <(?:(?=!--)!(?:-(?!->)[^\-]*)*(?:-->)?|[^>]*>?) */
INLINE Py_ssize_t
html_end(int kind, const void *data, Py_ssize_t at, Py_ssize_t n)
{
#define AT(j) ((j) < n ? PyUnicode_READ(kind, data, (j)) : 0)
    Py_ssize_t p = at + 1;
    if (AT(p) == '!' && AT(p + 1) == '-' && AT(p + 2) == '-') {
        p++;
        /* (?:-(?!->)[^\-]*)*: each turn takes a '-' and what follows up to the next. */
        while (AT(p) == '-' && !(AT(p + 1) == '-' && AT(p + 2) == '>')) {
            p++;
            while (p < n && PyUnicode_READ(kind, data, p) != '-')
                p++;
        }
        if (AT(p) == '-' && AT(p + 1) == '-' && AT(p + 2) == '>')
            p += 3;
        return p;
    }
    while (p < n && PyUnicode_READ(kind, data, p) != '>')
        p++;
    return p < n ? p + 1 : n;
#undef AT
}

/* The end of the shortcode tag of `tagnames` at text[at] == '[', else -1:
 * \[[\/\[]?(?:NAMES)(?=[\s\]\/])[^\[\]<>]*(?:<[^\[\]>]*>[^\[\]<>]*)*\]\]?
 * (A name holds none of "[/" and whitespace, so `[\/\[]?` gives back nothing.) */
INLINE Py_ssize_t
shortcode_end(int kind, const void *data, Py_ssize_t at, Py_ssize_t n, PyObject *tagnames)
{
    Py_ssize_t p = at + 1;
    if (p < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        if (c == '/' || c == '[')
            p++;
    }
    Py_ssize_t body = -1;
    const Py_ssize_t ntags = PyTuple_GET_SIZE(tagnames);
    for (Py_ssize_t t = 0; t < ntags && body < 0; t++) {
        PyObject *tag = PyTuple_GET_ITEM(tagnames, t);
        const Py_ssize_t len = PyUnicode_GET_LENGTH(tag);
        if (len == 0 || p + len >= n)  /* the name and one character after it */
            continue;
        const int tkind = PyUnicode_KIND(tag);
        const void *tdata = PyUnicode_DATA(tag);
        Py_ssize_t j = 0;
        while (j < len && PyUnicode_READ(tkind, tdata, j) == PyUnicode_READ(kind, data, p + j))
            j++;
        if (j < len)
            continue;
        Py_UCS4 after = PyUnicode_READ(kind, data, p + len);
        if (IS_PCRE_SPACE(after) || after == ']' || after == '/')
            body = p + len;
    }
    if (body < 0)
        return -1;
    /* The body: text, or HTML tags that hold no ']' or '['; it ends at a ']'. */
    int in_tag = 0;
    for (p = body; p < n; p++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p);
        if (c == '[')
            return -1;
        if (c == ']') {
            if (in_tag)
                return -1;
            p++;
            return p < n && PyUnicode_READ(kind, data, p) == ']' ? p + 1 : p;
        }
        if (c == '<' && !in_tag)
            in_tag = 1;
        else if (c == '>') {
            if (!in_tag)
                return -1;
            in_tag = 0;
        }
    }
    return -1;
}

static int
append_slice(PyObject *parts, PyObject *text, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *part = PyUnicode_Substring(text, start, end);
    if (part == NULL)
        return -1;
    int rc = PyList_Append(parts, part);
    Py_DECREF(part);
    return rc;
}

INLINE PyObject *
split(PyObject *text, const int kind, const void *data, const Py_ssize_t n, PyObject *tagnames)
{
    const int brackets = PyTuple_GET_SIZE(tagnames) > 0;
    PyObject *parts = PyList_New(0);
    if (parts == NULL)
        return NULL;
    Py_ssize_t done = 0, at = 0;
    while ((at = next_start(kind, data, at, n, brackets)) < n) {
        Py_ssize_t end;
        if (PyUnicode_READ(kind, data, at) == '<')
            end = html_end(kind, data, at, n);
        else
            end = shortcode_end(kind, data, at, n, tagnames);
        if (end < 0) {
            at++;
            continue;
        }
        if (append_slice(parts, text, done, at) < 0 || append_slice(parts, text, at, end) < 0) {
            Py_DECREF(parts);
            return NULL;
        }
        done = at = end;
    }
    if (append_slice(parts, text, done, n) < 0) {
        Py_DECREF(parts);
        return NULL;
    }
    return parts;
}

static PyObject *
texturize_split(PyObject *module, PyObject *args)
{
    PyObject *text, *tagnames;
    if (!PyArg_ParseTuple(args, "UO!:texturize_split", &text, &PyTuple_Type, &tagnames))
        return NULL;
    for (Py_ssize_t t = 0; t < PyTuple_GET_SIZE(tagnames); t++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(tagnames, t))) {
            PyErr_SetString(PyExc_TypeError, "texturize_split() needs a tuple of str");
            return NULL;
        }
    }
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return split(text, PyUnicode_1BYTE_KIND, data, n, tagnames);
    case PyUnicode_2BYTE_KIND:
        return split(text, PyUnicode_2BYTE_KIND, data, n, tagnames);
    default:
        return split(text, PyUnicode_4BYTE_KIND, data, n, tagnames);
    }
}


/* --- unautop -------------------------------------------------------------------- */

/* The length of the wp_spaces_regexp token ([\r\n\t ]|\xA0|&nbsp;) that ends at
 * text[j] (exclusive), else 0. */
INLINE Py_ssize_t
space_before(int kind, const void *data, Py_ssize_t j)
{
    if (j <= 0)
        return 0;
    Py_UCS4 c = PyUnicode_READ(kind, data, j - 1);
    if (c == '\r' || c == '\n' || c == '\t' || c == ' ' || c == 0xA0)
        return 1;
    if (c == ';' && j >= 6 && PyUnicode_READ(kind, data, j - 6) == '&' &&
        PyUnicode_READ(kind, data, j - 5) == 'n' && PyUnicode_READ(kind, data, j - 4) == 'b' &&
        PyUnicode_READ(kind, data, j - 3) == 's' && PyUnicode_READ(kind, data, j - 2) == 'p')
        return 6;
    return 0;
}

/* The length of the token that starts at text[j], else 0. */
INLINE Py_ssize_t
space_at(int kind, const void *data, Py_ssize_t j, Py_ssize_t n)
{
    if (j >= n)
        return 0;
    Py_UCS4 c = PyUnicode_READ(kind, data, j);
    if (c == '\r' || c == '\n' || c == '\t' || c == ' ' || c == 0xA0)
        return 1;
    if (c == '&' && j + 6 <= n && PyUnicode_READ(kind, data, j + 1) == 'n' &&
        PyUnicode_READ(kind, data, j + 2) == 'b' && PyUnicode_READ(kind, data, j + 3) == 's' &&
        PyUnicode_READ(kind, data, j + 4) == 'p' && PyUnicode_READ(kind, data, j + 5) == ';')
        return 6;
    return 0;
}

INLINE int
literal_at(int kind, const void *data, Py_ssize_t j, Py_ssize_t n, const char *lit, Py_ssize_t len)
{
    if (j < 0 || j + len > n)
        return 0;
    for (Py_ssize_t k = 0; k < len; k++)
        if (PyUnicode_READ(kind, data, j + k) != (Py_UCS4)(unsigned char)lit[k])
            return 0;
    return 1;
}

/* WordPress's pattern, for a text with no "[/" (formatting.py: the pattern without
 * its enclosing part):
 *   <p>(?:SPACES)*(\[(TAGS)(?![\w-])[^\]]*\])(?:SPACES)*</p>
 * tried at the "<p>" before each '[' (stepping back over the spaces), as
 * shortcode_unautop does. The first ']' after a place and where the spaces after a
 * ']' end are remembered, so that no part of the text is read again for each '['. */
INLINE PyObject *
unautop_text(PyObject *text, const int kind, const void *data, const Py_ssize_t n,
             PyObject *tags)
{
    /* A closing tag anywhere: the Python code reads the text. */
    Py_ssize_t at = 0;
    while ((at = next_start(kind, data, at, n, 1)) < n) {
        if (PyUnicode_READ(kind, data, at) == '[' && at + 1 < n &&
            PyUnicode_READ(kind, data, at + 1) == '/')
            Py_RETURN_NONE;
        at++;
    }
    PyObject *pieces = NULL;
    const Py_ssize_t ntags = PyTuple_GET_SIZE(tags);
    Py_ssize_t done = 0;
    Py_ssize_t close = n, close_from = -1;  /* the first ']' at or after close_from */
    Py_ssize_t spaced = -1, spaced_end = 0;  /* where the spaces after ']' spaced end */
    at = 0;
    while ((at = next_start(kind, data, at, n, 1)) < n) {
        if (PyUnicode_READ(kind, data, at) != '[') {
            at++;
            continue;
        }
        Py_ssize_t start = at, step;
        while ((step = space_before(kind, data, start)) > 0)
            start -= step;
        start -= 3;
        if (start < done || !literal_at(kind, data, start, n, "<p>", 3)) {
            at++;
            continue;
        }
        Py_ssize_t g1_end = -1, end = -1;
        for (Py_ssize_t t = 0; t < ntags && end < 0; t++) {
            PyObject *tag = PyTuple_GET_ITEM(tags, t);
            const Py_ssize_t len = PyUnicode_GET_LENGTH(tag);
            const int tkind = PyUnicode_KIND(tag);
            const void *tdata = PyUnicode_DATA(tag);
            Py_ssize_t after = at + 1 + len;
            if (after > n)
                continue;
            Py_ssize_t j = 0;
            while (j < len && PyUnicode_READ(tkind, tdata, j) == PyUnicode_READ(kind, data, at + 1 + j))
                j++;
            if (j < len || (after < n && IS_WORD(PyUnicode_READ(kind, data, after))))
                continue;
            /* close: the first ']' at or after close_from (n: none). */
            if (close_from < 0 || after < close_from) {
                Py_ssize_t limit = close_from < 0 ? n : close_from, p = after;
                while (p < limit && PyUnicode_READ(kind, data, p) != ']')
                    p++;
                close = p < limit ? p : (close_from < 0 ? n : close);
                close_from = after;
            }
            else if (close < after) {
                close = after;
                while (close < n && PyUnicode_READ(kind, data, close) != ']')
                    close++;
                close_from = after;
            }
            if (close == n)
                continue;
            if (spaced != close) {
                spaced = close;
                spaced_end = close + 1;
                while ((step = space_at(kind, data, spaced_end, n)) > 0)
                    spaced_end += step;
            }
            if (literal_at(kind, data, spaced_end, n, "</p>", 4)) {
                g1_end = close + 1;
                end = spaced_end + 4;
            }
        }
        if (end < 0) {
            at++;
            continue;
        }
        if (pieces == NULL && (pieces = PyList_New(0)) == NULL)
            return NULL;
        if (append_slice(pieces, text, done, start) < 0 ||
            append_slice(pieces, text, at, g1_end) < 0) {
            Py_DECREF(pieces);
            return NULL;
        }
        done = at = end;
    }
    if (pieces == NULL)
        return Py_NewRef(text);
    if (append_slice(pieces, text, done, n) < 0) {
        Py_DECREF(pieces);
        return NULL;
    }
    PyObject *empty = PyUnicode_FromStringAndSize("", 0);
    PyObject *joined = empty == NULL ? NULL : PyUnicode_Join(empty, pieces);
    Py_XDECREF(empty);
    Py_DECREF(pieces);
    return joined;
}

static PyObject *
unautop(PyObject *module, PyObject *args)
{
    PyObject *text, *tags;
    if (!PyArg_ParseTuple(args, "UO!:unautop", &text, &PyTuple_Type, &tags))
        return NULL;
    for (Py_ssize_t t = 0; t < PyTuple_GET_SIZE(tags); t++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(tags, t))) {
            PyErr_SetString(PyExc_TypeError, "unautop() needs a tuple of str");
            return NULL;
        }
    }
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        return unautop_text(text, PyUnicode_1BYTE_KIND, data, n, tags);
    case PyUnicode_2BYTE_KIND:
        return unautop_text(text, PyUnicode_2BYTE_KIND, data, n, tags);
    default:
        return unautop_text(text, PyUnicode_4BYTE_KIND, data, n, tags);
    }
}

/* --- chars_in ------------------------------------------------------------------- */

/* Blocks with no character in [lo, hi] (the range of those looked for) are passed
 * over by block_in_range; the others are read one character at a time. */
INLINE unsigned long
found_in(const int kind, const void *data, const Py_ssize_t n, const unsigned long bits[128],
         const Py_UCS4 lo, const Py_UCS4 hi, const unsigned long all)
{
    unsigned long found = 0;
    Py_ssize_t i = 0;
    while (i < n && found != all) {
        if (i + BLOCK <= n && !block_in_range(kind, data, i, lo, hi - lo)) {
            i += BLOCK;
            continue;
        }
        for (Py_ssize_t stop = i + BLOCK <= n ? i + BLOCK : n; i < stop; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c < 128)
                found |= bits[c];
        }
    }
    return found;
}

static PyObject *
chars_in(PyObject *module, PyObject *args)
{
    PyObject *text, *chars;
    if (!PyArg_ParseTuple(args, "UU:chars_in", &text, &chars))
        return NULL;
    const Py_ssize_t nchars = PyUnicode_GET_LENGTH(chars);
    if (!PyUnicode_IS_ASCII(chars) || nchars > (Py_ssize_t)(8 * sizeof(unsigned long))) {
        PyErr_SetString(PyExc_ValueError, "chars_in() needs at most 32 ASCII characters");
        return NULL;
    }
    unsigned long bits[128] = {0};
    unsigned long all = 0;
    Py_UCS4 lo = 127, hi = 0;
    const Py_UCS1 *cs = PyUnicode_1BYTE_DATA(chars);
    for (Py_ssize_t k = 0; k < nchars; k++) {
        bits[cs[k]] |= 1UL << k;
        all |= 1UL << k;
        lo = cs[k] < lo ? cs[k] : lo;
        hi = cs[k] > hi ? cs[k] : hi;
    }
    if (nchars == 0)
        return PyLong_FromLong(0);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    unsigned long found;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        /* memchr, one character at a time: quicker than a pass on 1-byte text. */
        found = 0;
        for (Py_ssize_t k = 0; k < nchars; k++)
            if (memchr(data, cs[k], (size_t)n) != NULL)
                found |= 1UL << k;
        break;
    case PyUnicode_2BYTE_KIND:
        found = found_in(PyUnicode_2BYTE_KIND, data, n, bits, lo, hi, all);
        break;
    default:
        found = found_in(PyUnicode_4BYTE_KIND, data, n, bits, lo, hi, all);
        break;
    }
    return PyLong_FromUnsignedLong(found);
}

static PyMethodDef speedups_methods[] = {
    {"parse_atts", parse_atts, METH_O,
     "parse_atts(text) -> dict | None\n\n"
     "shortcode_parse_atts() for texts with no backslash, U+00A0, U+200B or name that\n"
     "starts with a digit or '-'; None for those (the Python code reads them)."},
    {"texturize_split", texturize_split, METH_VARARGS,
     "texturize_split(text, tagnames) -> list[str]\n\n"
     "wptexturize's split of text into text, HTML elements, comments and the shortcode\n"
     "tags of tagnames (names WordPress's scan for names can capture whole)."},
    {"unautop", unautop, METH_VARARGS,
     "unautop(text, tags) -> str | None\n\n"
     "shortcode_unautop() for a text with no \"[/\"; None for one with it."},
    {"chars_in", chars_in, METH_VARARGS,
     "chars_in(text, chars) -> int\n\n"
     "Bit i set where the ASCII character chars[i] occurs in text."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    "shortcodes.wordpress._speedups",
    "Optional C speedups for shortcodes.wordpress (pure Python is the reference).",
    0,
    speedups_methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModule_Create(&speedups_module);
}
