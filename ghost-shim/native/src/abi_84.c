/* ABI 84 self-check table. */
#define AGH_ABI 84
#define AGH_TABLE agh_table_84
#include "abi_table.inc"
