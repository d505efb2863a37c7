/*
 * measure.h — what frmatch measures about a store for Art. 14 of the
 * Measures, added to the facts document as "protection.measured"
 * (docs/facts.md): the store and key files' modes and owners, whether the
 * key is kept apart from the data, the audit chain as verified now, and
 * whether `frmatch serve` is configured or running for the store and how
 * it is exposed (loopback, or TLS with a token). frfile's Art. 14 rules
 * judge these values; nothing here is a description taken on trust.
 *
 * `serve` records its state in STORE.serve (mode 0600) while it runs, so
 * `frmatch facts` run beside it can report it.
 *
 * Ownership: doc is borrowed (a cJSON object passed as void *).
 */
#ifndef FM_MEASURE_H
#define FM_MEASURE_H

/* Add "protection.measured" to a facts document. */
void fm_measure_add(void *doc, const char *store, const char *keypath);

/* Record serve's state (pid, listen, loopback, tls, token); 0 or -1. */
int fm_serve_state_write(const char *store, const char *listen,
    int loopback, int tls, int token);
void fm_serve_state_remove(const char *store);

#endif
