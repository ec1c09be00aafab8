/* ABI 91 self-check table (90 has the same layouts). */
#define AGH_ABI 91
#define AGH_TABLE agh_table_91
#include "abi_table.inc"
