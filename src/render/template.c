/*
 * template.c — the prose template language and its line markup (see
 * template.h for both). A template is parsed into a small tree first, so a
 * mistake in the template (an unclosed {{#if}}) is reported whatever the
 * data, then evaluated against a cJSON context.
 */
#include "render/template.h"

#include "core/fr.h"

#include <cjson/cJSON.h>

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum nkind { N_TEXT, N_VAR, N_IF, N_UNLESS, N_EACH };

struct node {
	enum nkind k;
	char *s;		/* text, or the path */
	char *dflt;		/* {{path ?? default}} */
	int line;
	struct node *body, *alt, *next;
};

struct parser {
	const char *name;
	const char *p, *end;
	int line;
	struct fr_diags *diags;
	int err;
};

struct buf {
	char *s;
	size_t n, cap;
};

/* Appends n bytes of s to the buffer, keeping it NUL-terminated. */
static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = fr_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* Appends a string to the buffer. */
static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Frees a list of template nodes with their bodies and alternatives. */
static void
node_free(struct node *n)
{
	while (n != NULL) {
		struct node *next = n->next;

		node_free(n->body);
		node_free(n->alt);
		free(n->s);
		free(n->dflt);
		free(n);
		n = next;
	}
}

/* A copy of the n bytes at s, less white space at both ends; caller frees. */
static char *
trim(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return fr_xstrndup(s, n);
}

/*
 * A line holding only block tags ({{#if}}, {{/each}}, {{else}}, comments)
 * and blanks vanishes with its newline: mark the newline with \1 so line
 * numbers stay right but no text is produced.
 */
static char *
standalone(const char *src)
{
	char *out = fr_xstrdup(src), *line = out;

	while (*line != '\0') {
		char *nl = strchr(line, '\n'), *p = line;
		int tags = 0, other = 0;

		if (nl == NULL)
			nl = line + strlen(line);
		while (p < nl) {
			if (p[0] == '{' && p[1] == '{' &&
			    (p[2] == '#' || p[2] == '/' || p[2] == '!' ||
			    strncmp(p + 2, "else}}", 6) == 0)) {
				char *e = strstr(p, "}}");

				if (e == NULL || e > nl) {
					other = 1;
					break;
				}
				tags = 1;
				p = e + 2;
			} else if (*p == ' ' || *p == '\t')
				p++;
			else {
				other = 1;
				break;
			}
		}
		if (tags && !other) {
			for (p = line; p < nl; ) {
				if (p[0] == '{' && p[1] == '{') {
					p = strstr(p, "}}") + 2;
					continue;
				}
				if (*p == ' ' || *p == '\t')
					*p = '\2';
				p++;
			}
			if (*nl == '\n')
				*nl = '\1';
		}
		line = *nl == '\0' ? nl : nl + 1;
	}
	return out;
}

static struct node *parse_seq(struct parser *, const char **stop);

static void perr(struct parser *, int, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports a template syntax error at line and marks the parse failed. */
static void
perr(struct parser *ps, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = fr_xvasprintf(fmt, ap);
	va_end(ap);
	fr_diag_add(ps->diags, FR_SEV_ERROR, ps->name, NULL, line, 0,
	    "template.syntax", "%s", msg);
	free(msg);
	ps->err = 1;
}

/*
 * Advances the parser's line number over the line ends between a and b, the
 * vanished ones (\1) included.
 */
static void
count_lines(struct parser *ps, const char *a, const char *b)
{
	for (; a < b; a++)
		if (*a == '\n' || *a == '\1')
			ps->line++;
}

/*
 * Parse until EOF or one of the closing tags in stop; *which tells the
 * caller which tag ended the sequence.
 */
static struct node *
parse_seq_until(struct parser *ps, const char *const *stop, char **which)
{
	struct node *head = NULL, **tail = &head;

	*which = NULL;
	while (ps->p < ps->end && !ps->err) {
		const char *o = strstr(ps->p, "{{"), *c;
		char *tag;
		struct node *n;
		int line;

		if (o == NULL || o >= ps->end)
			o = ps->end;
		if (o > ps->p) {
			struct buf b = { NULL, 0, 0 };
			const char *q;

			for (q = ps->p; q < o; q++)
				if (*q != '\1' && *q != '\2')
					buf_add(&b, q, 1);
			count_lines(ps, ps->p, o);
			if (b.n > 0) {
				n = fr_xcalloc(1, sizeof *n);
				n->k = N_TEXT;
				n->s = b.s;
				*tail = n;
				tail = &n->next;
			} else
				free(b.s);
			ps->p = o;
		}
		if (ps->p >= ps->end)
			break;
		line = ps->line;
		c = strstr(ps->p + 2, "}}");
		if (c == NULL) {
			perr(ps, line, "unclosed '{{'");
			break;
		}
		tag = trim(ps->p + 2, (size_t)(c - ps->p - 2));
		count_lines(ps, ps->p, c);
		ps->p = c + 2;
		if (tag[0] == '!') {
			free(tag);
			continue;
		}
		if (tag[0] == '/' || strcmp(tag, "else") == 0) {
			const char *const *s;

			for (s = stop; s != NULL && *s != NULL; s++)
				if (strcmp(tag, *s) == 0)
					break;
			if (s == NULL || *s == NULL) {
				perr(ps, line, "unexpected {{%s}}", tag);
				free(tag);
				break;
			}
			*which = tag;
			return head;
		}
		n = fr_xcalloc(1, sizeof *n);
		n->line = line;
		*tail = n;
		tail = &n->next;
		if (tag[0] == '#') {
			const char *w = tag + 1;
			size_t kl = strcspn(w, " \t");
			char *end = NULL;
			static const char *const if_stop[] = {
				"else", "/if", NULL };
			static const char *const unless_stop[] = {
				"else", "/unless", NULL };
			static const char *const each_stop[] = {
				"/each", NULL };
			const char *const *st;
			const char *close;

			n->s = trim(w + kl, strlen(w + kl));
			if (kl == 2 && strncmp(w, "if", 2) == 0) {
				n->k = N_IF;
				st = if_stop;
				close = "/if";
			} else if (kl == 6 && strncmp(w, "unless", 6) == 0) {
				n->k = N_UNLESS;
				st = unless_stop;
				close = "/unless";
			} else if (kl == 4 && strncmp(w, "each", 4) == 0) {
				n->k = N_EACH;
				st = each_stop;
				close = "/each";
			} else {
				perr(ps, line, "unknown block {{%s}}", tag);
				free(tag);
				break;
			}
			if (*n->s == '\0') {
				perr(ps, line, "{{%s}} needs a name", tag);
				free(tag);
				break;
			}
			n->body = parse_seq_until(ps, st, &end);
			if (!ps->err && end != NULL && strcmp(end, "else") == 0) {
				free(end);
				end = NULL;
				n->alt = parse_seq_until(ps, st + 1, &end);
			}
			if (!ps->err && (end == NULL || strcmp(end, close) != 0))
				perr(ps, line, "{{%s}} is not closed", tag);
			free(end);
			free(tag);
			continue;
		}
		n->k = N_VAR;
		{
			char *q = strstr(tag, "??");

			if (q != NULL) {
				n->dflt = trim(q + 2, strlen(q + 2));
				n->s = trim(tag, (size_t)(q - tag));
			} else
				n->s = fr_xstrdup(tag);
		}
		if (*n->s == '\0' || strpbrk(n->s, " \t{}") != NULL)
			perr(ps, line, "bad name in {{%s}}", tag);
		free(tag);
	}
	return head;
}

/* Parses like parse_seq_until, forgetting which tag ended the sequence. */
static struct node *
parse_seq(struct parser *ps, const char **stop)
{
	char *which = NULL;
	struct node *n = parse_seq_until(ps, stop, &which);

	free(which);
	return n;
}

/* --- evaluation -------------------------------------------------------- */

struct scope {
	const cJSON *item;
	int index, count;
};

struct eval {
	const char *name;
	const char *lang;
	struct fr_diags *diags;
	struct scope sc[16];
	int nsc;
	cJSON *scratch;		/* values made up for @number and friends */
	int err;
};

/* The value at a dotted path under j (numbers index arrays), or NULL. */
static const cJSON *
walk(const cJSON *j, const char *path)
{
	char *p = fr_xstrdup(path), *seg = p, *dot;

	while (j != NULL && seg != NULL) {
		dot = strchr(seg, '.');
		if (dot != NULL)
			*dot = '\0';
		if (cJSON_IsObject(j))
			j = cJSON_GetObjectItemCaseSensitive(j, seg);
		else if (cJSON_IsArray(j)) {
			long long i;

			j = fr_parse_ll(seg, 0, 1000000, &i) == FR_OK ?
			    cJSON_GetArrayItem(j, (int)i) : NULL;
		} else
			j = NULL;
		seg = dot != NULL ? dot + 1 : NULL;
	}
	free(p);
	return j;
}

/*
 * The value a template name refers to: "." for the current element, @index,
 * @number, @first or @last of the innermost {{#each}}, else the path in the
 * innermost scope that has its first name. NULL when none; made-up values
 * belong to ev.
 */
static const cJSON *
lookup(struct eval *ev, const char *path)
{
	struct scope *s = ev->nsc > 0 ? &ev->sc[ev->nsc - 1] : NULL;
	size_t first;
	char *head;
	int i;

	if (strcmp(path, ".") == 0)
		return s != NULL ? s->item : NULL;
	if (path[0] == '@' && s != NULL && ev->nsc > 1) {
		cJSON *v;

		if (strcmp(path, "@index") == 0)
			v = cJSON_CreateNumber(s->index);
		else if (strcmp(path, "@number") == 0)
			v = cJSON_CreateNumber(s->index + 1);
		else if (strcmp(path, "@first") == 0)
			v = cJSON_CreateBool(s->index == 0);
		else if (strcmp(path, "@last") == 0)
			v = cJSON_CreateBool(s->index == s->count - 1);
		else
			return NULL;
		cJSON_AddItemToArray(ev->scratch, v);
		return v;
	}
	/* The innermost scope that has the first name wins. */
	first = strcspn(path, ".");
	head = fr_xstrndup(path, first);
	for (i = ev->nsc - 1; i >= 0; i--) {
		const cJSON *it = ev->sc[i].item;

		if (cJSON_IsObject(it) &&
		    cJSON_GetObjectItemCaseSensitive(it, head) != NULL) {
			free(head);
			return walk(it, path);
		}
	}
	free(head);
	return NULL;
}

/*
 * Whether a value counts as true for {{#if}} and {{#unless}}: not missing,
 * null, false, zero, "" or an empty array or object.
 */
static int
truthy(const cJSON *j)
{
	if (j == NULL || cJSON_IsNull(j) || cJSON_IsFalse(j))
		return 0;
	if (cJSON_IsNumber(j))
		return j->valuedouble != 0;
	if (cJSON_IsString(j))
		return j->valuestring != NULL && *j->valuestring != '\0';
	if (cJSON_IsArray(j) || cJSON_IsObject(j))
		return j->child != NULL;
	return 1;
}

/* Format a JSON value the way {{...}} does (caller frees; NULL: none). */
static char *
value_text(const struct cJSON *v, const char *lang)
{
	int zh = lang != NULL && strncmp(lang, "zh", 2) == 0;

	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	if (cJSON_IsString(v))
		return fr_xstrdup(v->valuestring);
	if (cJSON_IsBool(v))
		return fr_xstrdup(cJSON_IsTrue(v) ? (zh ? "是" : "Yes") :
		    (zh ? "否" : "No"));
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;

		if (d == floor(d) && fabs(d) < 1e15)
			return fr_xasprintf("%lld", (long long)d);
		return fr_xasprintf("%g", d);
	}
	if (cJSON_IsArray(v)) {
		struct buf b = { NULL, 0, 0 };
		const cJSON *it;

		buf_str(&b, "");
		cJSON_ArrayForEach(it, v) {
			char *t = value_text(it, lang);

			if (t == NULL)
				continue;
			if (b.n > 0)
				buf_str(&b, zh ? "、" : ", ");
			buf_str(&b, t);
			free(t);
		}
		return b.s;
	}
	return NULL;
}

/*
 * Evaluates a list of nodes into out: text as it is, a name as its value
 * (its default when it has none), blocks by their condition; stops at the
 * first error, with a diagnostic.
 */
static void
eval_seq(struct eval *ev, const struct node *n, struct buf *out)
{
	for (; n != NULL && !ev->err; n = n->next) {
		const cJSON *v;
		char *t;

		switch (n->k) {
		case N_TEXT:
			buf_str(out, n->s);
			break;
		case N_VAR:
			v = lookup(ev, n->s);
			t = value_text(v, ev->lang);
			if ((t == NULL || *t == '\0') && n->dflt != NULL) {
				free(t);
				t = fr_xstrdup(n->dflt);
			}
			if (t == NULL) {
				fr_diag_add(ev->diags, FR_SEV_ERROR, ev->name,
				    n->s, n->line, 0, "template.missing",
				    "{{%s}} has no value in the filing", n->s);
				ev->err = 1;
				break;
			}
			{
				char *p;

				/* A value cannot start a markup line. */
				for (p = t; *p != '\0'; p++)
					if (*p == '\n' || *p == '\r')
						*p = ' ';
			}
			buf_str(out, t);
			free(t);
			break;
		case N_IF:
		case N_UNLESS:
			if (truthy(lookup(ev, n->s)) == (n->k == N_IF))
				eval_seq(ev, n->body, out);
			else
				eval_seq(ev, n->alt, out);
			break;
		case N_EACH: {
			const cJSON *arr = lookup(ev, n->s), *it;
			int i = 0;

			if (arr == NULL || cJSON_IsNull(arr))
				break;
			if (!cJSON_IsArray(arr)) {
				fr_diag_add(ev->diags, FR_SEV_ERROR, ev->name,
				    n->s, n->line, 0, "template.type",
				    "{{#each %s}}: not an array", n->s);
				ev->err = 1;
				break;
			}
			if (ev->nsc >= (int)(sizeof ev->sc / sizeof ev->sc[0])) {
				fr_diag_add(ev->diags, FR_SEV_ERROR, ev->name,
				    n->s, n->line, 0, "template.depth",
				    "{{#each}} nested too deeply");
				ev->err = 1;
				break;
			}
			cJSON_ArrayForEach(it, arr) {
				ev->sc[ev->nsc].item = it;
				ev->sc[ev->nsc].index = i++;
				ev->sc[ev->nsc].count = cJSON_GetArraySize(arr);
				ev->nsc++;
				eval_seq(ev, n->body, out);
				ev->nsc--;
				if (ev->err)
					break;
			}
			break;
		}
		}
	}
}

int
tmpl_expand(const char *src, const char *name, const struct cJSON *ctx,
    const char *lang, char **out, struct fr_diags *diags)
{
	struct parser ps;
	struct eval ev;
	struct node *tree;
	struct buf b = { NULL, 0, 0 };
	char *pre = standalone(src);
	int rc = FR_OK;

	*out = NULL;
	memset(&ps, 0, sizeof ps);
	ps.name = name;
	ps.p = pre;
	ps.end = pre + strlen(pre);
	ps.line = 1;
	ps.diags = diags;
	tree = parse_seq(&ps, NULL);
	if (ps.err) {
		rc = FR_EINVAL;
		goto out;
	}
	memset(&ev, 0, sizeof ev);
	ev.name = name;
	ev.lang = lang;
	ev.diags = diags;
	ev.sc[0].item = ctx;
	ev.nsc = 1;
	ev.scratch = cJSON_CreateArray();
	buf_str(&b, "");
	eval_seq(&ev, tree, &b);
	cJSON_Delete(ev.scratch);
	if (ev.err) {
		rc = FR_EINVAL;
		free(b.s);
		goto out;
	}
	*out = b.s;
out:
	node_free(tree);
	free(pre);
	return rc;
}

/* --- markup ------------------------------------------------------------ */

/*
 * Whether a markup line starts with word followed by a space or its end;
 * *rest gets what follows.
 */
static int
starts(const char *line, const char *word, const char **rest)
{
	size_t n = strlen(word);

	if (strncmp(line, word, n) != 0)
		return 0;
	if (line[n] != ' ' && line[n] != '\0')
		return 0;
	*rest = line[n] == ' ' ? line + n + 1 : line + n;
	return 1;
}

/* Is the byte before/after a join both Latin? Then a space joins them. */
static int
latin_join(const struct buf *b, const char *next)
{
	unsigned char a, c;

	if (b->n == 0)
		return 0;
	a = (unsigned char)b->s[b->n - 1];
	c = (unsigned char)*next;
	return a < 0x80 && c < 0x80;
}

/* Cells of a @grid or @row line, separated by '|'. */
static size_t
split_cells(const char *s, char ***out)
{
	char **v = NULL;
	size_t n = 0;

	for (;;) {
		size_t k = strcspn(s, "|");

		v = fr_xreallocarray(v, n + 1, sizeof *v);
		v[n++] = trim(s, k);
		if (s[k] == '\0')
			break;
		s += k + 1;
	}
	*out = v;
	return n;
}

/* Frees n cells from split_cells. */
static void
free_cells(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
tmpl_to_doc(struct doc *d, const char *text)
{
	struct buf para = { NULL, 0, 0 };
	struct doc_block *sign = NULL, *kv = NULL, *grid = NULL;
	enum doc_align palign = DOC_JUSTIFY;
	int pindent = -1;
	const char *p = text;

#define FLUSH() do { \
	if (para.n > 0) { \
		struct doc_block *pb = doc_para(d, para.s); \
		pb->align = palign; \
		if (pindent >= 0) \
			pb->indent = pindent; \
	} \
	para.n = 0; \
	palign = DOC_JUSTIFY; \
	pindent = -1; \
} while (0)

	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		char *line = trim(p, n);
		const char *rest;

		p += n + (p[n] == '\n');
		if (strncmp(line, "@sign", 5) != 0 &&
		    strncmp(line, "@seal", 5) != 0 &&
		    strncmp(line, "@date", 5) != 0)
			sign = NULL;
		if (strncmp(line, "@kv", 3) != 0)
			kv = NULL;
		if (strncmp(line, "@row", 4) != 0 &&
		    strncmp(line, "@grid", 5) != 0)
			grid = NULL;
		if (*line == '\0') {
			FLUSH();
		} else if (starts(line, "#", &rest)) {
			FLUSH();
			doc_title(d, rest);
		} else if (starts(line, "##", &rest)) {
			FLUSH();
			doc_heading(d, 1, rest);
		} else if (starts(line, "###", &rest)) {
			FLUSH();
			doc_heading(d, 2, rest);
		} else if (starts(line, "####", &rest)) {
			FLUSH();
			doc_heading(d, 3, rest);
		} else if (starts(line, "@subtitle", &rest)) {
			FLUSH();
			doc_subtitle(d, rest)->align = DOC_LEFT;
		} else if (starts(line, ">", &rest)) {
			FLUSH();
			doc_note(d, rest);
		} else if (starts(line, "-", &rest)) {
			FLUSH();
			buf_str(&para, rest);
			pindent = 0;
			FLUSH();
		} else if (starts(line, "@right", &rest) ||
		    starts(line, "@center", &rest) ||
		    starts(line, "@left", &rest)) {
			FLUSH();
			buf_str(&para, rest);
			palign = line[1] == 'r' ? DOC_RIGHT : line[1] == 'c' ?
			    DOC_CENTER : DOC_LEFT;
			pindent = 0;
			FLUSH();
		} else if (starts(line, "@kvsection", &rest)) {
			FLUSH();
			if (kv == NULL)
				kv = doc_kv(d);
			doc_kv_section(kv, rest);
		} else if (starts(line, "@kv", &rest)) {
			char *sep = strstr(rest, "::");
			char *l, *v;

			FLUSH();
			if (kv == NULL)
				kv = doc_kv(d);
			l = trim(rest, sep != NULL ? (size_t)(sep - rest) :
			    strlen(rest));
			v = sep != NULL ? trim(sep + 2, strlen(sep + 2)) :
			    fr_xstrdup("");
			doc_kv_row(kv, l, v);
			free(l);
			free(v);
		} else if (starts(line, "@grid", &rest)) {
			char **cells;
			double *w;
			size_t nc, i;

			FLUSH();
			nc = split_cells(rest, &cells);
			w = fr_xcalloc(nc, sizeof *w);
			for (i = 0; i < nc; i++) {
				/* "2*Name": a relative column width. */
				char *star = strchr(cells[i], '*');
				double x;

				w[i] = 1;
				if (star != NULL) {
					*star = '\0';
					/* 0: machine evidence, for
					 * the workbook only. */
					if (fr_parse_double(cells[i], &x) ==
					    FR_OK && x >= 0 && x < 100) {
						w[i] = x;
						memmove(cells[i], star + 1,
						    strlen(star + 1) + 1);
					} else
						*star = '*';
				}
			}
			grid = doc_grid(d, nc, (const char *const *)cells, w);
			free_cells(cells, nc);
			free(w);
		} else if (starts(line, "@row", &rest)) {
			char **cells, **row;
			size_t nc, i;

			FLUSH();
			if (grid == NULL)
				grid = doc_grid(d, 1, NULL, NULL);
			nc = split_cells(rest, &cells);
			row = fr_xcalloc(grid->ncols, sizeof *row);
			for (i = 0; i < grid->ncols; i++)
				row[i] = i < nc ? cells[i] : "";
			doc_grid_row(grid, (const char *const *)row);
			free(row);
			free_cells(cells, nc);
		} else if (starts(line, "@pagebreak", &rest)) {
			FLUSH();
			doc_pagebreak(d);
		} else if (starts(line, "@sign", &rest) ||
		    starts(line, "@seal", &rest) ||
		    starts(line, "@date", &rest)) {
			FLUSH();
			if (sign == NULL)
				sign = doc_signature(d);
			if (line[2] == 'i') {
				char *sep = strstr(rest, "::");

				if (sep != NULL) {
					char *l = trim(rest, (size_t)(sep - rest));
					char *v = trim(sep + 2, strlen(sep + 2));

					doc_sign_line(sign, l, v);
					free(l);
					free(v);
				} else
					doc_sign_line(sign, rest, NULL);
			} else if (line[2] == 'e')
				doc_sign_seal(sign, rest);
			else
				doc_sign_date(sign, rest);
		} else {
			const char *t = line[0] == '\\' ? line + 1 : line;

			if (para.n > 0 && (strncmp(d->lang, "en", 2) == 0 ||
			    latin_join(&para, t)))
				buf_str(&para, " ");
			buf_str(&para, t);
		}
		free(line);
	}
	FLUSH();
	free(para.s);
#undef FLUSH
}

int
tmpl_render(struct doc *d, const char *name, const char *lang,
    const struct cJSON *ctx, struct fr_diags *diags)
{
	char *file = fr_xasprintf("%s.%s.tmpl", name, lang);
	char *path = fr_datafile("templates", file);
	char *src = NULL, *text = NULL;
	size_t len;
	int rc;

	if (fr_read_file(path, 1 << 20, &src, &len) != FR_OK) {
		fr_diag_add(diags, FR_SEV_ERROR, path, NULL, 0, 0,
		    "template.missing_file", "cannot read the template");
		rc = FR_ENOENT;
		goto out;
	}
	if (strlen(src) != len) {
		fr_diag_add(diags, FR_SEV_ERROR, path, NULL, 0, 0,
		    "template.nul", "the template holds a NUL byte");
		rc = FR_EINVAL;
		goto out;
	}
	rc = tmpl_expand(src, path, ctx, lang, &text, diags);
	if (rc == FR_OK)
		tmpl_to_doc(d, text);
out:
	free(text);
	free(src);
	free(path);
	free(file);
	return rc;
}
