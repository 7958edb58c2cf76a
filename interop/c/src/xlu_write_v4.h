/*
 * xlu_write_v4.h: the schema version 4 serializer, one function per record, in the shape
 * Xen's would take: each reads the hypervisor's view of one object (here the structs of
 * xenlu_v4_state.h) and writes one record into the caller's buffer. No allocation.
 *
 * GENERATED from packages/format/src/schema by scripts/gen-c-headers.mjs. Do not edit: regenerate.
 *
 * Call order (docs/FORMAT.md section 6): xlu_w_stream_header, the HOST record, then for each domain
 * in ascending domid xlu_write_v4_domain_records (or the per-record functions in section order),
 * then xlu_w_end. xlu_write_stream_v4 does all of it.
 */
#ifndef XLU_WRITE_V4_H
#define XLU_WRITE_V4_H

#include "xenlu_v4_state.h"
#include "xlu_writer.h"

/* HOST record: system-wide state; the first record. */
void xlu_write_v4_host(struct xlu_writer *w, const struct xenlu_v4_host *p);
/* DOMAIN record (single): opens the records of one domain. */
void xlu_write_v4_domain(struct xlu_writer *w, const struct xenlu_v4_domain *p);
/* CPU_POLICY record (single): CPUID and MSR policy the guest sees; in every domain. */
void xlu_write_v4_cpu_policy(struct xlu_writer *w, const struct xenlu_v4_cpu_policy *p);
/* TSC_INFO record (single): TSC mode and frequency. */
void xlu_write_v4_tsc_info(struct xlu_writer *w, const struct xenlu_v4_tsc_info *p);
/* P2M_EXTENTS records: guest-physical to machine map as extents, ascending gfn (hvm, pvh); n entries cut into records of at most XENLU_V4_REC_P2M_EXTENTS_MAX_ENTRIES, none when n is 0. */
void xlu_write_v4_p2m_extents(struct xlu_writer *w, const struct xenlu_v4_p2m_extent *items, uint32_t n);
/* VCPU record (each): one vCPU, ascending id. */
void xlu_write_v4_vcpu(struct xlu_writer *w, const struct xenlu_v4_vcpu *p);
/* PAGES records: pages the domain owns, ascending MFN; n entries cut into records of at most XENLU_V4_REC_PAGES_MAX_ENTRIES, none when n is 0. */
void xlu_write_v4_pages(struct xlu_writer *w, const struct xenlu_v4_page_range *items, uint32_t n);
/* GRANT_TABLE record (optional): grant table. */
void xlu_write_v4_grant_table(struct xlu_writer *w, const struct xenlu_v4_grant_table *p);
/* PASSTHROUGH record (optional): IOMMU and PIRQ state; present exactly for domains with passthrough. */
void xlu_write_v4_passthrough(struct xlu_writer *w, const struct xenlu_v4_passthrough *p);
/* HVM_PARAMS records: HVM parameters, ascending index (hvm, pvh); n entries cut into records of at most XENLU_V4_REC_HVM_PARAMS_MAX_ENTRIES, none when n is 0. */
void xlu_write_v4_hvm_params(struct xlu_writer *w, const struct xenlu_v4_hvm_param *items, uint32_t n);
/* HVM_DEVICES records: emulated platform devices (hvm, pvh); n entries cut into records of at most XENLU_V4_REC_HVM_DEVICES_MAX_ENTRIES, none when n is 0. */
void xlu_write_v4_hvm_devices(struct xlu_writer *w, const struct xenlu_v4_hvm_device *items, uint32_t n);
/* EVENT_FIFO record (optional): FIFO event-channel ABI state; present exactly for FIFO domains. */
void xlu_write_v4_event_fifo(struct xlu_writer *w, const struct xenlu_v4_event_fifo *p);
/* EVENT_CHANNELS records: bound event channels, ascending port; n entries cut into records of at most XENLU_V4_REC_EVENT_CHANNELS_MAX_ENTRIES, none when n is 0. */
void xlu_write_v4_event_channels(struct xlu_writer *w, const struct xenlu_v4_event_channel *items, uint32_t n);
/* VCPU_RUNSTATE records: vCPU runstates, ascending vCPU (optional); n entries cut into records of at most XENLU_V4_REC_VCPU_RUNSTATE_MAX_ENTRIES, none when n is 0. */
void xlu_write_v4_vcpu_runstate(struct xlu_writer *w, const struct xenlu_v4_vcpu_runstate *items, uint32_t n);
/* IOREQ_SERVERS records: IOREQ servers of the domain (hvm), ascending id; n entries cut into records of at most XENLU_V4_REC_IOREQ_SERVERS_MAX_ENTRIES, none when n is 0. */
void xlu_write_v4_ioreq_servers(struct xlu_writer *w, const struct xenlu_v4_ioreq_server *items, uint32_t n);
/* Every record of one domain, in section order. */
void xlu_write_v4_domain_records(struct xlu_writer *w, const struct xenlu_v4_domain_state *d);
/* A whole stream; returns XLU_W_OK or the first error (enum xlu_write_status). */
int xlu_write_stream_v4(struct xlu_writer *w, const struct xenlu_v4_state *s);

#endif /* XLU_WRITE_V4_H */
