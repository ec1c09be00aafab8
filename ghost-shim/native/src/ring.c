/*
 * A queue producer written the way the kernel's _produce works (docs/ghost-abi.md §3.1), so that
 * tests can check the C# consumer against rings laid out by C code and C struct layouts rather
 * than by the C# producer it would otherwise be checked against.
 */
#include <errno.h>
#include <string.h>

#include "agh_ghost_uapi.h"
#include "alpsghost.h"

#define SLOT 8u

static struct ghost_ring *ring_of(void *mapping)
{
    struct ghost_queue_header *h = (struct ghost_queue_header *)mapping;
    return (struct ghost_ring *)((char *)mapping + h->start);
}

int agh_ring_init(void *mapping, uint64_t length, uint32_t nelems)
{
    struct ghost_queue_header *h = (struct ghost_queue_header *)mapping;
    if (!mapping || nelems == 0 || (nelems & (nelems - 1)) != 0 || nelems > GHOST_MAX_QUEUE_ELEMS)
        return -EINVAL;
    if (length < sizeof(struct ghost_queue_header) + sizeof(struct ghost_ring) + (uint64_t)nelems * SLOT)
        return -ENOSPC;
    memset(mapping, 0, sizeof(struct ghost_queue_header) + sizeof(struct ghost_ring) + (size_t)nelems * SLOT);
    h->version = GHOST_QUEUE_VERSION;
    h->start = sizeof(struct ghost_queue_header);
    h->nelems = nelems;
    return 0;
}

int agh_ring_set_position(void *mapping, uint32_t index)
{
    struct ghost_ring *r;
    if (!mapping)
        return -EINVAL;
    r = ring_of(mapping);
    r->head = index;
    r->tail = index;
    return 0;
}

static void write_header(struct ghost_ring *r, uint32_t index, uint16_t type, uint16_t length, uint32_t seqnum)
{
    struct ghost_msg *m = &r->msgs[index];
    m->type = type;
    m->length = length;
    m->seqnum = seqnum;
}

int agh_ring_produce(void *mapping, uint16_t type, uint32_t seqnum, const void *payload, uint16_t payload_len)
{
    struct ghost_queue_header *h = (struct ghost_queue_header *)mapping;
    struct ghost_ring *r;
    uint32_t nelems, head, tail, free_slots, index, ahead, needed, skipped = 0;
    uint32_t length = (uint32_t)sizeof(struct ghost_msg) + payload_len;
    if (!mapping || (payload_len > 0 && !payload) || length > UINT16_MAX)
        return -EINVAL;
    r = ring_of(mapping);
    nelems = h->nelems;
    head = r->head;
    tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);
    free_slots = nelems - (head - tail);
    index = head & (nelems - 1);
    ahead = nelems - index;
    needed = (length + SLOT - 1) / SLOT;
    if ((ahead < free_slots ? ahead : free_slots) < needed) {
        /* Not enough room ahead of head: pad to the end with a NOP if the start has room. */
        if (free_slots < ahead || free_slots - ahead < needed) {
            r->overflow++;
            return -EOVERFLOW;
        }
        write_header(r, index, MSG_NOP, (uint16_t)(ahead * SLOT), 0);
        skipped = ahead;
        index = 0;
    }
    write_header(r, index, type, (uint16_t)length, seqnum);
    if (payload_len > 0)
        memcpy(r->msgs[index].payload, payload, payload_len);
    __atomic_store_n(&r->head, head + skipped + needed, __ATOMIC_RELEASE);
    return 0;
}

int agh_ring_write_sample_84(void *mapping);
int agh_ring_write_sample_91(void *mapping);

int agh_ring_write_sample(void *mapping, int abi)
{
    if (!mapping)
        return -EINVAL;
    switch (abi) {
    case 84:
        return agh_ring_write_sample_84(mapping);
    case 91:
        return agh_ring_write_sample_91(mapping);
    default:
        return -EINVAL;
    }
}
