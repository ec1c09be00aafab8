/* Sample ring sequence with ABI 91 payloads. */
#define AGH_ABI 91
#define AGH_SAMPLE_FN agh_ring_write_sample_91
#include "ring_sample.inc"
