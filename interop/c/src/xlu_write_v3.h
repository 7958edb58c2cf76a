/*
 * xlu_write_v3.h: a schema version 3 serializer, one function per record, in the shape Xen's
 * would take: each reads the hypervisor's view of one object (here the structs of
 * xenlu_v3_state.h) and writes one record into the caller's buffer. No allocation.
 *
 * Call order (docs/FORMAT.md section 6): xlu_w_stream_header, xlu_write_host, then for each
 * domain in ascending domid xlu_write_domain_records (or the per-record functions in section
 * order), then xlu_w_end. xlu_write_stream_v3 does all of it.
 */
#ifndef XLU_WRITE_V3_H
#define XLU_WRITE_V3_H

#include "xenlu_v3_state.h"
#include "xlu_writer.h"

void xlu_write_host(struct xlu_writer *w, const struct xenlu_v3_host *h);
void xlu_write_domain(struct xlu_writer *w, const struct xenlu_v3_domain *d);
void xlu_write_tsc_info(struct xlu_writer *w, const struct xenlu_v3_tsc_info *t);
void xlu_write_p2m(struct xlu_writer *w, const struct xenlu_v3_p2m_extent *e, uint32_t n);
void xlu_write_vcpu(struct xlu_writer *w, const struct xenlu_v3_vcpu *v);
void xlu_write_pages(struct xlu_writer *w, const struct xenlu_v3_page_range *p, uint32_t n);
void xlu_write_grant_table(struct xlu_writer *w, const struct xenlu_v3_grant_table *g);
void xlu_write_passthrough(struct xlu_writer *w, const struct xenlu_v3_passthrough *p);
void xlu_write_hvm_params(struct xlu_writer *w, const struct xenlu_v3_hvm_param *p, uint32_t n);
void xlu_write_hvm_devices(struct xlu_writer *w, const struct xenlu_v3_hvm_device *d, uint32_t n);
void xlu_write_event_fifo(struct xlu_writer *w, const struct xenlu_v3_event_fifo *f);
void xlu_write_event_channels(struct xlu_writer *w, const struct xenlu_v3_event_channel *c, uint32_t n);
void xlu_write_vcpu_runstates(struct xlu_writer *w, const struct xenlu_v3_vcpu_runstate *r, uint32_t n);
void xlu_write_ioreq_servers(struct xlu_writer *w, const struct xenlu_v3_ioreq_server *s, uint32_t n);

/* Every record of one domain, in section order. */
void xlu_write_domain_records(struct xlu_writer *w, const struct xenlu_v3_domain_state *d);

/* A whole stream; returns XLU_W_OK or the first error (enum xlu_write_status). */
int xlu_write_stream_v3(struct xlu_writer *w, const struct xenlu_v3_state *s);

#endif /* XLU_WRITE_V3_H */
