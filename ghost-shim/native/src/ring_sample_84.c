/* Sample ring sequence with ABI 84 payloads. */
#define AGH_ABI 84
#define AGH_SAMPLE_FN agh_ring_write_sample_84
#include "ring_sample.inc"
