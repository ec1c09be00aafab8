/* Internal: the shape of one ABI's self-check table (see abi_table.inc). */
#ifndef AGH_ABI_TABLE_H
#define AGH_ABI_TABLE_H
#include <stdint.h>

struct agh_field {
    const char *name;
    int offset;
    int size;
};

struct agh_struct {
    const char *name;
    int size;
    const struct agh_field *fields;
    int field_count;
};

struct agh_constant {
    const char *name;
    int64_t value;
};

struct agh_table {
    int abi;
    const struct agh_struct *structs;
    int struct_count;
    const struct agh_constant *constants;
    int constant_count;
};

extern const struct agh_table agh_table_84;
extern const struct agh_table agh_table_91;

#endif
