/*
 * count-record.h — what `frfile count --record` writes into the ledger:
 * the observation with what each device's facts said of its audit log
 * (Art. 9 and 14: a rolled-back store shows only from outside it), or,
 * when the count failed, the failure and its reason, so that `check`
 * reports it instead of a stale figure.
 *
 * Ownership: everything passed in is borrowed.
 */
#ifndef FRFILE_COUNT_RECORD_H
#define FRFILE_COUNT_RECORD_H

#include <stddef.h>

#include "core/history.h"

/*
 * Records the observation and the devices' audit heads. Each device
 * whose audit log went back since the ledger last saw it is one warning
 * line on stderr. FR_EXIT_OK or FR_EXIT_DATA (reported).
 */
int frf_count_record(const char *ledger, const struct fr_observation *,
    const struct fr_device_audit *, size_t ndev);
/* Records a failed count. FR_EXIT_OK or FR_EXIT_DATA (reported). */
int frf_count_record_failure(const char *ledger, int date,
    const char *reason);

#endif
