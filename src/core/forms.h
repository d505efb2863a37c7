/*
 * forms.h — the filing schema and the attachment forms, as data.
 *
 * forms/schema.json describes every key a filing may hold (a tree of
 * nodes: type, required, enumeration, validator, default, example, doc);
 * forms/attachment<N>.json describe the documents: sections of fields,
 * each field a JSON path into the filing (relative to the section's
 * repeated element when the section repeats over an array) or the name of
 * a fact from frmatch, with labels in Chinese and English and whether the
 * document requires it. The validator, `frfile init`, the renderers and
 * the manual page all read these files: adding a field is a data change.
 *
 * Ownership: fr_schema_load returns a struct freed by fr_schema_free;
 * every pointer inside it is borrowed from it.
 */
#ifndef FR_FORMS_H
#define FR_FORMS_H

#include <stddef.h>

#include "core/diag.h"

struct cJSON;

enum fr_type {
	FR_T_OBJECT,
	FR_T_ARRAY,
	FR_T_STRING,
	FR_T_DATE,	/* a string holding YYYY-MM-DD */
	FR_T_INTEGER,
	FR_T_NUMBER,
	FR_T_BOOLEAN,
};

struct fr_schema_node {
	const char *name;		/* member name; NULL for array items */
	enum fr_type type;
	int required;			/* always required (forms add more) */
	const char *enum_name;		/* NULL, or a key of "enums" */
	const char *validator;		/* NULL, or uscc, id_number, phone, ... */
	int has_min, has_max;
	double min, max;		/* value (integers) or item count (arrays) */
	const struct cJSON *def;	/* "default" for the skeleton, or NULL */
	const char *example, *doc;
	int skeleton_items;		/* array elements frfile init writes */
	struct fr_schema_node *fields;	/* objects: members, in file order */
	size_t nfields;
	struct fr_schema_node *items;	/* arrays: the element */
	const struct fr_schema_node *parent;
};

struct fr_enum_value {
	const char *value, *zh, *en;
	const struct cJSON *json;	/* the whole entry (extra flags) */
};

struct fr_enum {
	const char *name;
	struct fr_enum_value *v;
	size_t n;
};

struct fr_form_field {
	const char *path;		/* NULL for a fact */
	const char *fact;		/* facts key path, or NULL */
	const char *label_zh, *label_en;
	const char *kind;		/* "value" or "table" */
	int required;
	int mask;			/* show masked (identity numbers) */
	const char *validator;		/* the form's, else the schema's */
	const char *enum_name;		/* the form's, else the schema's */
	const struct fr_schema_node *node;	/* NULL for facts */
	struct fr_form_field *columns;	/* kind "table": element fields */
	size_t ncolumns;
};

struct fr_form_section {
	const char *id, *title_zh, *title_en;
	const char *repeat;		/* array path, or NULL */
	struct fr_form_field *fields;
	size_t nfields;
};

struct fr_form {
	const char *id;			/* "attachment1" */
	int attachment;			/* 1 */
	const char *title_zh, *title_en;
	struct fr_form_section *sections;
	size_t nsections;
};

struct fr_schema {
	struct cJSON *doc;		/* schema.json */
	struct cJSON **formdocs;
	struct fr_schema_node root;
	struct fr_enum *enums;
	size_t nenums;
	struct fr_form *forms;		/* sorted by attachment number */
	size_t nforms;
};

/* The attachments that have a form definition. */
#define FR_FORM_IDS { "attachment1", "attachment2", "attachment3", \
	"attachment4", "attachment5" }

/*
 * Load schema.json and the attachment forms from dir (NULL: the forms/
 * directory of fr_datadir()). Every path a form names must exist in the
 * schema. Returns FR_OK, FR_EIO or FR_EFORMAT (details in d).
 */
int fr_schema_load(const char *dir, struct fr_schema **out,
    struct fr_diags *d);
void fr_schema_free(struct fr_schema *);

/*
 * The schema node of a path; array indexes may be given ("[2]") or left
 * out ("[]"): "applications[].locations[].place_type". NULL if unknown.
 */
const struct fr_schema_node *fr_schema_lookup(const struct fr_schema *,
    const char *path);
/* The member of an object node by name, or NULL. */
const struct fr_schema_node *fr_schema_field(const struct fr_schema_node *,
    const char *name);

const struct fr_enum *fr_schema_enum(const struct fr_schema *,
    const char *name);
const struct fr_enum_value *fr_enum_find(const struct fr_enum *,
    const char *value);
/* The label of an enumeration value; lang "zh" or "en"; NULL if unknown. */
const char *fr_enum_label(const struct fr_schema *, const char *enum_name,
    const char *value, const char *lang);
/* A boolean flag of an enumeration value ("prohibited", "public", ...). */
int fr_enum_flag(const struct fr_enum_value *, const char *flag);

/*
 * Art. 13, one definition for validate and the rules: whether a location
 * object is in a public place (its place type is flagged public in the
 * schema, or "public" is true) or in a prohibited one.
 */
int fr_place_public(const struct fr_schema *, const struct cJSON *loc);
int fr_place_prohibited(const struct fr_schema *, const struct cJSON *loc);

/* A form by id ("attachment2") or number; NULL if none. */
const struct fr_form *fr_schema_form(const struct fr_schema *,
    const char *id);
const struct fr_form *fr_schema_form_n(const struct fr_schema *, int n);

#endif
