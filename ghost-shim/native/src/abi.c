/* Exports of the ABI self-check tables. */
#include <errno.h>
#include <stddef.h>
#include "alpsghost.h"
#include "abi_table.h"

static const struct agh_table *table_for(int abi)
{
    switch (abi) {
    case 84:
        return &agh_table_84;
    case 91:
        return &agh_table_91;
    default:
        return NULL;
    }
}

int agh_abi_struct_count(int abi)
{
    const struct agh_table *t = table_for(abi);
    return t ? t->struct_count : -EINVAL;
}

int agh_abi_struct_info(int abi, int s, const char **name, int *size, int *field_count)
{
    const struct agh_table *t = table_for(abi);
    if (!t || s < 0 || s >= t->struct_count || !name || !size || !field_count)
        return -EINVAL;
    *name = t->structs[s].name;
    *size = t->structs[s].size;
    *field_count = t->structs[s].field_count;
    return 0;
}

int agh_abi_field_info(int abi, int s, int f, const char **name, int *offset, int *size)
{
    const struct agh_table *t = table_for(abi);
    if (!t || s < 0 || s >= t->struct_count || !name || !offset || !size)
        return -EINVAL;
    if (f < 0 || f >= t->structs[s].field_count)
        return -EINVAL;
    *name = t->structs[s].fields[f].name;
    *offset = t->structs[s].fields[f].offset;
    *size = t->structs[s].fields[f].size;
    return 0;
}

int agh_abi_constant_count(int abi)
{
    const struct agh_table *t = table_for(abi);
    return t ? t->constant_count : -EINVAL;
}

int agh_abi_constant_info(int abi, int c, const char **name, int64_t *value)
{
    const struct agh_table *t = table_for(abi);
    if (!t || c < 0 || c >= t->constant_count || !name || !value)
        return -EINVAL;
    *name = t->constants[c].name;
    *value = t->constants[c].value;
    return 0;
}
