/*
 * validate.h — everything a reviewer at the cyberspace administration
 * would return a filing for, found in one run: types, unknown keys (with
 * the nearest known key), enumerations, identifiers and contact data,
 * what each attachment requires, and the cross-field rules of the
 * Measures (Art. 6, 7, 8, 13, 15).
 *
 * Every problem goes to the caller's struct fr_diags with the JSON path
 * and line:column, sorted by position. Identity numbers are masked in
 * every message (fr_mask_id).
 */
#ifndef FR_VALIDATE_H
#define FR_VALIDATE_H

#include "core/diag.h"
#include "core/filing.h"
#include "core/forms.h"

/*
 * Check f against the schema and forms. today is the day number birth
 * dates and event dates are compared with (fr_date_today()). Returns FR_OK
 * when no error was found (warnings allowed), FR_EINVAL otherwise.
 */
int fr_validate(const struct fr_filing *f, const struct fr_schema *s,
    int today, struct fr_diags *d);

/* Whether a validator named in schema.json or a form is implemented. */
int fr_validator_known(const char *name);

/* Sort diagnostics by line and column (stable; unknown positions last). */
void fr_diags_sort(struct fr_diags *d);

#endif
