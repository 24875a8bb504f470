/*
 * Optional C speedups for shortcodes.wordpress (built when a C compiler is at hand;
 * the pure-Python code in shortcodes/wordpress/shortcodes.py is the reference and the
 * fallback, and tests/test_speedups.py checks that both read every text alike).
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
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

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

static PyMethodDef speedups_methods[] = {
    {"parse_atts", parse_atts, METH_O,
     "parse_atts(text) -> dict | None\n\n"
     "shortcode_parse_atts() for texts with no backslash, U+00A0, U+200B or name that\n"
     "starts with a digit or '-'; None for those (the Python code reads them)."},
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
