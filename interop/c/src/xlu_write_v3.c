/*
 * Schema version 3 records from the structs of xenlu_v3_state.h (xlu_write_v3.h). Every field is
 * written through its field-number macro, so the writer fails (XLU_W_SHAPE) rather than emit a
 * misnumbered field if the code and the generated header ever disagree.
 */
#include "xlu_write_v3.h"

#include "xenlu_v3.h"

/* Field F of struct S is next: the header's XENLU_V3_F_<S>_<F> must match the position. */
#define AT(S, F) xlu_w_at(w, XENLU_V3_F_##S##_##F)
#define UINT(S, F, v) do { AT(S, F); xlu_w_uint(w, (v)); } while (0)
#define BOOL(S, F, v) do { AT(S, F); xlu_w_bool(w, (v)); } while (0)
#define NIL(S, F) do { AT(S, F); xlu_w_nil(w); } while (0)
#define STR(S, F, v) do { AT(S, F); xlu_w_str(w, (v), XENLU_V3_##S##_##F##_MAX_BYTES); } while (0)
#define BIN_FIXED(S, F, p) do { AT(S, F); xlu_w_bin(w, (p), XENLU_V3_##S##_##F##_SIZE, XENLU_V3_##S##_##F##_SIZE, XENLU_V3_##S##_##F##_SIZE); } while (0)
#define LIST(S, F, n) do { AT(S, F); xlu_w_list(w, (n), 0, XENLU_V3_##S##_##F##_MAX_ITEMS); } while (0)
#define LIST_MIN(S, F, n) do { AT(S, F); xlu_w_list(w, (n), XENLU_V3_##S##_##F##_MIN_ITEMS, XENLU_V3_##S##_##F##_MAX_ITEMS); } while (0)
#define STRUCT(S) xlu_w_array(w, XENLU_V3_##S##_NR_FIELDS)
#define END() xlu_w_array_end(w)

/* ---- Nested structs ---- */

static void mfn_range(struct xlu_writer *w, const struct xenlu_v3_mfn_range *r)
{
	STRUCT(MFN_RANGE);
	UINT(MFN_RANGE, START, r->start);
	UINT(MFN_RANGE, COUNT, r->count);
	END();
}

static void u64_list(struct xlu_writer *w, const uint64_t *v, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		xlu_w_uint(w, v[i]);
	END();
}

static void u32_list(struct xlu_writer *w, const uint32_t *v, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		xlu_w_uint(w, v[i]);
	END();
}

static void segment(struct xlu_writer *w, const struct xenlu_v3_segment *s)
{
	STRUCT(SEGMENT);
	UINT(SEGMENT, SEL, s->sel);
	UINT(SEGMENT, LIMIT, s->limit);
	UINT(SEGMENT, BASE, s->base);
	UINT(SEGMENT, ARBYTES, s->arbytes);
	END();
}

static void descriptor_table(struct xlu_writer *w, const struct xenlu_v3_descriptor_table *t)
{
	STRUCT(DESCRIPTOR_TABLE);
	UINT(DESCRIPTOR_TABLE, LIMIT, t->limit);
	UINT(DESCRIPTOR_TABLE, BASE, t->base);
	END();
}

static void gprs(struct xlu_writer *w, const struct xenlu_v3_gprs *g)
{
	STRUCT(GPRS);
	UINT(GPRS, RAX, g->rax);
	UINT(GPRS, RBX, g->rbx);
	UINT(GPRS, RCX, g->rcx);
	UINT(GPRS, RDX, g->rdx);
	UINT(GPRS, RBP, g->rbp);
	UINT(GPRS, RSI, g->rsi);
	UINT(GPRS, RDI, g->rdi);
	UINT(GPRS, RSP, g->rsp);
	UINT(GPRS, R8, g->r8);
	UINT(GPRS, R9, g->r9);
	UINT(GPRS, R10, g->r10);
	UINT(GPRS, R11, g->r11);
	UINT(GPRS, R12, g->r12);
	UINT(GPRS, R13, g->r13);
	UINT(GPRS, R14, g->r14);
	UINT(GPRS, R15, g->r15);
	END();
}

static void hvm_cpu(struct xlu_writer *w, const struct xenlu_v3_hvm_cpu *c)
{
	STRUCT(HVM_CPU);
	BIN_FIXED(HVM_CPU, FPU, c->fpu);
	AT(HVM_CPU, GPRS);
	gprs(w, &c->gprs);
	UINT(HVM_CPU, RIP, c->rip);
	UINT(HVM_CPU, RFLAGS, c->rflags);
	UINT(HVM_CPU, CR0, c->cr0);
	UINT(HVM_CPU, CR2, c->cr2);
	UINT(HVM_CPU, CR3, c->cr3);
	UINT(HVM_CPU, CR4, c->cr4);
	UINT(HVM_CPU, DR0, c->dr0);
	UINT(HVM_CPU, DR1, c->dr1);
	UINT(HVM_CPU, DR2, c->dr2);
	UINT(HVM_CPU, DR3, c->dr3);
	UINT(HVM_CPU, DR6, c->dr6);
	UINT(HVM_CPU, DR7, c->dr7);
	AT(HVM_CPU, CS);
	segment(w, &c->cs);
	AT(HVM_CPU, DS);
	segment(w, &c->ds);
	AT(HVM_CPU, ES);
	segment(w, &c->es);
	AT(HVM_CPU, FS);
	segment(w, &c->fs);
	AT(HVM_CPU, GS);
	segment(w, &c->gs);
	AT(HVM_CPU, SS);
	segment(w, &c->ss);
	AT(HVM_CPU, TR);
	segment(w, &c->tr);
	AT(HVM_CPU, LDTR);
	segment(w, &c->ldtr);
	AT(HVM_CPU, IDTR);
	descriptor_table(w, &c->idtr);
	AT(HVM_CPU, GDTR);
	descriptor_table(w, &c->gdtr);
	UINT(HVM_CPU, SYSENTER_CS, c->sysenter_cs);
	UINT(HVM_CPU, SYSENTER_ESP, c->sysenter_esp);
	UINT(HVM_CPU, SYSENTER_EIP, c->sysenter_eip);
	UINT(HVM_CPU, SHADOW_GS, c->shadow_gs);
	UINT(HVM_CPU, LSTAR, c->lstar);
	UINT(HVM_CPU, STAR, c->star);
	UINT(HVM_CPU, CSTAR, c->cstar);
	UINT(HVM_CPU, SYSCALL_MASK, c->syscall_mask);
	UINT(HVM_CPU, EFER, c->efer);
	UINT(HVM_CPU, TSC_AUX, c->tsc_aux);
	UINT(HVM_CPU, TSC, c->tsc);
	UINT(HVM_CPU, PENDING_EVENT, c->pending_event);
	UINT(HVM_CPU, ERROR_CODE, c->error_code);
	UINT(HVM_CPU, FLAGS, c->flags);
	END();
}

static void lapic(struct xlu_writer *w, const struct xenlu_v3_lapic *l)
{
	STRUCT(LAPIC);
	UINT(LAPIC, APIC_BASE_MSR, l->apic_base_msr);
	UINT(LAPIC, DISABLED, l->disabled);
	UINT(LAPIC, TIMER_DIVISOR, l->timer_divisor);
	UINT(LAPIC, TDT_MSR, l->tdt_msr);
	BIN_FIXED(LAPIC, REGS, l->regs);
	END();
}

static void mtrr(struct xlu_writer *w, const struct xenlu_v3_mtrr *m)
{
	uint32_t i;

	STRUCT(MTRR);
	UINT(MTRR, PAT, m->pat);
	UINT(MTRR, CAP, m->cap);
	UINT(MTRR, DEF_TYPE, m->def_type);
	LIST(MTRR, VAR, m->nr_var);
	for (i = 0; i < m->nr_var; i++) {
		STRUCT(MTRR_VAR);
		UINT(MTRR_VAR, BASE, m->var[i].base);
		UINT(MTRR_VAR, MASK, m->var[i].mask);
		END();
	}
	END();
	LIST_MIN(MTRR, FIXED, m->nr_fixed);
	u64_list(w, m->fixed, m->nr_fixed);
	END();
}

static void xsave(struct xlu_writer *w, const struct xenlu_v3_xsave *x)
{
	STRUCT(XSAVE);
	UINT(XSAVE, XFEATURE_MASK, x->xfeature_mask);
	UINT(XSAVE, XCR0, x->xcr0);
	UINT(XSAVE, XCR0_ACCUM, x->xcr0_accum);
	AT(XSAVE, AREA);
	xlu_w_bin(w, x->area, x->area_len, 0, XENLU_V3_XSAVE_AREA_MAX_BYTES);
	END();
}

static void hvm_context(struct xlu_writer *w, const struct xenlu_v3_hvm_context *h)
{
	STRUCT(HVM_CONTEXT);
	AT(HVM_CONTEXT, CPU);
	hvm_cpu(w, &h->cpu);
	AT(HVM_CONTEXT, LAPIC);
	lapic(w, &h->lapic);
	AT(HVM_CONTEXT, MTRR);
	mtrr(w, &h->mtrr);
	AT(HVM_CONTEXT, XSAVE);
	if (h->xsave)
		xsave(w, h->xsave);
	else
		xlu_w_nil(w);
	END();
}

static void pin_counts(struct xlu_writer *w, const struct xenlu_v3_pin_counts *p)
{
	STRUCT(PIN_COUNTS);
	UINT(PIN_COUNTS, HOST_RW, p->host_rw);
	UINT(PIN_COUNTS, HOST_RO, p->host_ro);
	UINT(PIN_COUNTS, DEVICE_RW, p->device_rw);
	UINT(PIN_COUNTS, DEVICE_RO, p->device_ro);
	END();
}

static void active_grant(struct xlu_writer *w, const struct xenlu_v3_active_grant *a)
{
	STRUCT(ACTIVE_GRANT);
	UINT(ACTIVE_GRANT, REF, a->ref);
	UINT(ACTIVE_GRANT, GRANTEE, a->grantee);
	AT(ACTIVE_GRANT, PIN);
	pin_counts(w, &a->pin);
	UINT(ACTIVE_GRANT, MFN, a->mfn);
	AT(ACTIVE_GRANT, TRANSITIVE);
	if (a->transitive) {
		STRUCT(TRANSITIVE_SOURCE);
		UINT(TRANSITIVE_SOURCE, DOMID, a->transitive->domid);
		UINT(TRANSITIVE_SOURCE, REF, a->transitive->ref);
		END();
	} else {
		xlu_w_nil(w);
	}
	AT(ACTIVE_GRANT, SUB_PAGE);
	if (a->sub_page) {
		STRUCT(SUB_PAGE);
		UINT(SUB_PAGE, OFFSET, a->sub_page->offset);
		UINT(SUB_PAGE, LENGTH, a->sub_page->length);
		END();
	} else {
		xlu_w_nil(w);
	}
	END();
}

static void maptrack_entry(struct xlu_writer *w, const struct xenlu_v3_maptrack_entry *m)
{
	STRUCT(MAPTRACK_ENTRY);
	UINT(MAPTRACK_ENTRY, HANDLE, m->handle);
	UINT(MAPTRACK_ENTRY, GRANTER, m->granter);
	UINT(MAPTRACK_ENTRY, REF, m->ref);
	UINT(MAPTRACK_ENTRY, FLAGS, m->flags);
	UINT(MAPTRACK_ENTRY, VCPU, m->vcpu);
	END();
}

/* ---- List records: entries split over records of at most `max`, each full but the last ---- */

typedef void (*item_fn)(struct xlu_writer *w, const void *item);

static void list_records(struct xlu_writer *w, uint32_t type, uint32_t max, const void *items, size_t stride,
			 uint32_t n, item_fn item)
{
	const unsigned char *base = items;
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < max ? n - i : max;
		xlu_w_record_begin(w, type);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1, max);
		for (j = 0; j < chunk; j++)
			item(w, base + (size_t)(i + j) * stride);
		END();
		END();
		xlu_w_record_end(w);
	}
}

static void p2m_extent(struct xlu_writer *w, const void *item)
{
	const struct xenlu_v3_p2m_extent *e = item;

	STRUCT(P2M_EXTENT);
	UINT(P2M_EXTENT, GFN, e->gfn);
	UINT(P2M_EXTENT, MFN, e->mfn);
	UINT(P2M_EXTENT, COUNT, e->count);
	UINT(P2M_EXTENT, TYPE, e->type);
	UINT(P2M_EXTENT, ACCESS, e->access);
	END();
}

static void page_range(struct xlu_writer *w, const void *item)
{
	const struct xenlu_v3_page_range *p = item;

	STRUCT(PAGE_RANGE);
	UINT(PAGE_RANGE, FIRST_MFN, p->first_mfn);
	UINT(PAGE_RANGE, COUNT, p->count);
	UINT(PAGE_RANGE, TYPE, p->type);
	BOOL(PAGE_RANGE, PINNED, p->pinned);
	END();
}

static void hvm_param(struct xlu_writer *w, const void *item)
{
	const struct xenlu_v3_hvm_param *p = item;

	STRUCT(HVM_PARAM);
	UINT(HVM_PARAM, INDEX, p->index);
	UINT(HVM_PARAM, VALUE, p->value);
	END();
}

static void hvm_device(struct xlu_writer *w, const void *item)
{
	const struct xenlu_v3_hvm_device *d = item;

	STRUCT(HVM_DEVICE);
	UINT(HVM_DEVICE, TYPE, d->type);
	UINT(HVM_DEVICE, INSTANCE, d->instance);
	AT(HVM_DEVICE, BODY);
	xlu_w_bin(w, d->body, d->body_len, 0, XENLU_V3_HVM_DEVICE_BODY_MAX_BYTES);
	END();
}

static void event_channel(struct xlu_writer *w, const void *item)
{
	const struct xenlu_v3_event_channel *c = item;

	STRUCT(EVENT_CHANNEL);
	UINT(EVENT_CHANNEL, PORT, c->port);
	UINT(EVENT_CHANNEL, STATE, c->state);
	UINT(EVENT_CHANNEL, NOTIFY_VCPU, c->notify_vcpu);
	UINT(EVENT_CHANNEL, REMOTE_DOMID, c->remote_domid);
	UINT(EVENT_CHANNEL, REMOTE_PORT, c->remote_port);
	UINT(EVENT_CHANNEL, PIRQ, c->pirq);
	UINT(EVENT_CHANNEL, VIRQ, c->virq);
	BOOL(EVENT_CHANNEL, PENDING, c->pending);
	BOOL(EVENT_CHANNEL, MASKED, c->masked);
	UINT(EVENT_CHANNEL, PRIORITY, c->priority);
	END();
}

static void vcpu_runstate(struct xlu_writer *w, const void *item)
{
	const struct xenlu_v3_vcpu_runstate *r = item;

	STRUCT(VCPU_RUNSTATE);
	UINT(VCPU_RUNSTATE, VCPU, r->vcpu);
	UINT(VCPU_RUNSTATE, STATE, r->state);
	UINT(VCPU_RUNSTATE, STATE_ENTRY_TIME, r->state_entry_time);
	LIST_MIN(VCPU_RUNSTATE, TIME, r->nr_time);
	u64_list(w, r->time, r->nr_time);
	END();
}

static void ioreq_server(struct xlu_writer *w, const void *item)
{
	const struct xenlu_v3_ioreq_server *s = item;

	STRUCT(IOREQ_SERVER);
	UINT(IOREQ_SERVER, ID, s->id);
	UINT(IOREQ_SERVER, DM_DOMID, s->dm_domid);
	UINT(IOREQ_SERVER, IOREQ_GFN, s->ioreq_gfn);
	AT(IOREQ_SERVER, BUFIOREQ_GFN);
	if (s->bufioreq_gfn)
		xlu_w_uint(w, *s->bufioreq_gfn);
	else
		xlu_w_nil(w);
	LIST(IOREQ_SERVER, VCPU_PORTS, s->nr_vcpu_ports);
	u32_list(w, s->vcpu_ports, s->nr_vcpu_ports);
	END();
}

/* ---- Records ---- */

void xlu_write_host(struct xlu_writer *w, const struct xenlu_v3_host *h)
{
	uint32_t i;

	xlu_w_record_begin(w, XENLU_V3_REC_HOST);
	STRUCT(HOST);
	AT(HOST, PRODUCER);
	STRUCT(XEN_VERSION);
	UINT(XEN_VERSION, MAJOR, h->producer.major);
	UINT(XEN_VERSION, MINOR, h->producer.minor);
	STR(XEN_VERSION, EXTRA, h->producer.extra);
	STR(XEN_VERSION, CHANGESET, h->producer.changeset);
	END();
	UINT(HOST, PAGE_SHIFT, h->page_shift);
	UINT(HOST, NR_PCPUS, h->nr_pcpus);
	UINT(HOST, TOTAL_PAGES, h->total_pages);
	LIST_MIN(HOST, BOOTMEM, h->nr_bootmem);
	for (i = 0; i < h->nr_bootmem; i++)
		mfn_range(w, &h->bootmem[i]);
	END();
	AT(HOST, HANDOVER);
	STRUCT(HANDOVER);
	UINT(HANDOVER, NR_STREAM_PAGES, h->handover.nr_stream_pages);
	UINT(HANDOVER, MFN_ARRAY_MADDR, h->handover.mfn_array_maddr);
	LIST(HANDOVER, STREAM_MFNS, h->handover.nr_stream_mfns);
	u64_list(w, h->handover.stream_mfns, h->handover.nr_stream_mfns);
	END();
	AT(HOST, M2P);
	mfn_range(w, &h->m2p);
	AT(HOST, TIME);
	STRUCT(HOST_TIME);
	UINT(HOST_TIME, SYSTEM_TIME_NS, h->time.system_time_ns);
	UINT(HOST_TIME, TSC, h->time.tsc);
	UINT(HOST_TIME, TSC_KHZ, h->time.tsc_khz);
	END();
	LIST_MIN(HOST, CPUPOOLS, h->nr_cpupools);
	for (i = 0; i < h->nr_cpupools; i++) {
		const struct xenlu_v3_cpupool *c = &h->cpupools[i];

		STRUCT(CPUPOOL);
		UINT(CPUPOOL, ID, c->id);
		UINT(CPUPOOL, SCHEDULER, c->scheduler);
		LIST(CPUPOOL, PCPUS, c->nr_pcpus);
		u32_list(w, c->pcpus, c->nr_pcpus);
		END();
	}
	END();
	LIST(HOST, CPU_FEATURESET, h->nr_cpu_featureset);
	u32_list(w, h->cpu_featureset, h->nr_cpu_featureset);
	END();
	xlu_w_record_end(w);
}

void xlu_write_domain(struct xlu_writer *w, const struct xenlu_v3_domain *d)
{
	xlu_w_record_begin(w, XENLU_V3_REC_DOMAIN);
	STRUCT(DOMAIN);
	UINT(DOMAIN, DOMID, d->domid);
	BIN_FIXED(DOMAIN, HANDLE, d->handle);
	UINT(DOMAIN, TYPE, d->type);
	UINT(DOMAIN, STATE, d->state);
	UINT(DOMAIN, ROLES, d->roles);
	UINT(DOMAIN, CREATE_FLAGS, d->create_flags);
	UINT(DOMAIN, XSM_LABEL, d->xsm_label);
	UINT(DOMAIN, MAX_VCPUS, d->max_vcpus);
	UINT(DOMAIN, MAX_PAGES, d->max_pages);
	UINT(DOMAIN, TOT_PAGES, d->tot_pages);
	NIL(DOMAIN, SHR_PAGES); /* retired in v3 */
	UINT(DOMAIN, MAX_EVTCHN_PORT, d->max_evtchn_port);
	UINT(DOMAIN, MAX_GRANT_FRAMES, d->max_grant_frames);
	UINT(DOMAIN, MAX_MAPTRACK_FRAMES, d->max_maptrack_frames);
	UINT(DOMAIN, MAX_GRANT_VERSION, d->max_grant_version);
	UINT(DOMAIN, EMULATION_FLAGS, d->emulation_flags);
	UINT(DOMAIN, ALTP2M, d->altp2m);
	AT(DOMAIN, SCHED);
	STRUCT(SCHED_PARAMS);
	UINT(SCHED_PARAMS, WEIGHT, d->sched.weight);
	UINT(SCHED_PARAMS, CAP, d->sched.cap);
	END();
	UINT(DOMAIN, EVTCHN_ABI, d->evtchn_abi);
	UINT(DOMAIN, SHARED_INFO_GFN, d->shared_info_gfn);
	UINT(DOMAIN, CPUPOOL, d->cpupool);
	END();
	xlu_w_record_end(w);
}

void xlu_write_tsc_info(struct xlu_writer *w, const struct xenlu_v3_tsc_info *t)
{
	xlu_w_record_begin(w, XENLU_V3_REC_TSC_INFO);
	STRUCT(TSC_INFO);
	UINT(TSC_INFO, MODE, t->mode);
	UINT(TSC_INFO, GTSC_KHZ, t->gtsc_khz);
	UINT(TSC_INFO, INCARNATION, t->incarnation);
	UINT(TSC_INFO, ELAPSED_NS, t->elapsed_ns);
	END();
	xlu_w_record_end(w);
}

void xlu_write_p2m(struct xlu_writer *w, const struct xenlu_v3_p2m_extent *e, uint32_t n)
{
	list_records(w, XENLU_V3_REC_P2M_EXTENTS, XENLU_V3_REC_P2M_EXTENTS_MAX_ENTRIES, e, sizeof(*e), n, p2m_extent);
}

void xlu_write_vcpu(struct xlu_writer *w, const struct xenlu_v3_vcpu *v)
{
	uint32_t i;

	xlu_w_record_begin(w, XENLU_V3_REC_VCPU);
	STRUCT(VCPU);
	UINT(VCPU, ID, v->id);
	BOOL(VCPU, ONLINE, v->online);
	LIST(VCPU, HARD_AFFINITY, v->nr_hard_affinity);
	u32_list(w, v->hard_affinity, v->nr_hard_affinity);
	LIST(VCPU, SOFT_AFFINITY, v->nr_soft_affinity);
	u32_list(w, v->soft_affinity, v->nr_soft_affinity);
	UINT(VCPU, SINGLESHOT_DEADLINE_NS, v->singleshot_deadline_ns);
	UINT(VCPU, PERIODIC_PERIOD_NS, v->periodic_period_ns);
	AT(VCPU, VCPU_INFO);
	if (v->vcpu_info) {
		STRUCT(VCPU_INFO_LOCATION);
		UINT(VCPU_INFO_LOCATION, GFN, v->vcpu_info->gfn);
		UINT(VCPU_INFO_LOCATION, OFFSET, v->vcpu_info->offset);
		END();
	} else {
		xlu_w_nil(w);
	}
	AT(VCPU, HVM);
	if (v->hvm)
		hvm_context(w, v->hvm);
	else
		xlu_w_nil(w);
	AT(VCPU, PV);
	if (v->pv) {
		STRUCT(PV_CONTEXT);
		AT(PV_CONTEXT, CONTEXT);
		xlu_w_bin(w, v->pv->context, v->pv->context_len, XENLU_V3_PV_CONTEXT_CONTEXT_MIN_BYTES,
			  XENLU_V3_PV_CONTEXT_CONTEXT_MAX_BYTES);
		END();
	} else {
		xlu_w_nil(w);
	}
	LIST(VCPU, MSRS, v->nr_msrs);
	for (i = 0; i < v->nr_msrs; i++) {
		STRUCT(MSR);
		UINT(MSR, INDEX, v->msrs[i].index);
		UINT(MSR, VALUE, v->msrs[i].value);
		END();
	}
	END();
	END();
	xlu_w_record_end(w);
}

void xlu_write_pages(struct xlu_writer *w, const struct xenlu_v3_page_range *p, uint32_t n)
{
	list_records(w, XENLU_V3_REC_PAGES, XENLU_V3_REC_PAGES_MAX_ENTRIES, p, sizeof(*p), n, page_range);
}

void xlu_write_grant_table(struct xlu_writer *w, const struct xenlu_v3_grant_table *g)
{
	uint32_t i;

	xlu_w_record_begin(w, XENLU_V3_REC_GRANT_TABLE);
	STRUCT(GRANT_TABLE);
	UINT(GRANT_TABLE, VERSION, g->version);
	UINT(GRANT_TABLE, NR_FRAMES, g->nr_frames);
	UINT(GRANT_TABLE, MAX_FRAMES, g->max_frames);
	LIST(GRANT_TABLE, SHARED_GFNS, g->nr_shared_gfns);
	u64_list(w, g->shared_gfns, g->nr_shared_gfns);
	LIST(GRANT_TABLE, STATUS_GFNS, g->nr_status_gfns);
	u64_list(w, g->status_gfns, g->nr_status_gfns);
	LIST(GRANT_TABLE, ACTIVE, g->nr_active);
	for (i = 0; i < g->nr_active; i++)
		active_grant(w, &g->active[i]);
	END();
	LIST(GRANT_TABLE, MAPTRACK, g->nr_maptrack);
	for (i = 0; i < g->nr_maptrack; i++)
		maptrack_entry(w, &g->maptrack[i]);
	END();
	END();
	xlu_w_record_end(w);
}

void xlu_write_passthrough(struct xlu_writer *w, const struct xenlu_v3_passthrough *p)
{
	uint32_t i;

	xlu_w_record_begin(w, XENLU_V3_REC_PASSTHROUGH);
	STRUCT(PASSTHROUGH);
	UINT(PASSTHROUGH, IOMMU_ROOT_MFN, p->iommu_root_mfn);
	UINT(PASSTHROUGH, IOMMU_LEVELS, p->iommu_levels);
	LIST(PASSTHROUGH, DEVICES, p->nr_devices);
	for (i = 0; i < p->nr_devices; i++) {
		STRUCT(PCI_DEVICE);
		UINT(PCI_DEVICE, SEGMENT, p->devices[i].segment);
		UINT(PCI_DEVICE, BUS, p->devices[i].bus);
		UINT(PCI_DEVICE, DEVFN, p->devices[i].devfn);
		END();
	}
	END();
	LIST(PASSTHROUGH, PIRQS, p->nr_pirqs);
	for (i = 0; i < p->nr_pirqs; i++) {
		const struct xenlu_v3_pirq_binding *b = &p->pirqs[i];

		STRUCT(PIRQ_BINDING);
		UINT(PIRQ_BINDING, PIRQ, b->pirq);
		UINT(PIRQ_BINDING, HOST_IRQ, b->host_irq);
		AT(PIRQ_BINDING, MSI);
		if (b->msi) {
			STRUCT(MSI);
			UINT(MSI, ADDRESS, b->msi->address);
			UINT(MSI, DATA, b->msi->data);
			END();
		} else {
			xlu_w_nil(w);
		}
		UINT(PIRQ_BINDING, PORT, b->port);
		END();
	}
	END();
	END();
	xlu_w_record_end(w);
}

void xlu_write_hvm_params(struct xlu_writer *w, const struct xenlu_v3_hvm_param *p, uint32_t n)
{
	list_records(w, XENLU_V3_REC_HVM_PARAMS, XENLU_V3_REC_HVM_PARAMS_MAX_ENTRIES, p, sizeof(*p), n, hvm_param);
}

void xlu_write_hvm_devices(struct xlu_writer *w, const struct xenlu_v3_hvm_device *d, uint32_t n)
{
	list_records(w, XENLU_V3_REC_HVM_DEVICES, XENLU_V3_REC_HVM_DEVICES_MAX_ENTRIES, d, sizeof(*d), n, hvm_device);
}

void xlu_write_event_fifo(struct xlu_writer *w, const struct xenlu_v3_event_fifo *f)
{
	uint32_t i;

	xlu_w_record_begin(w, XENLU_V3_REC_EVENT_FIFO);
	STRUCT(EVENT_FIFO);
	LIST_MIN(EVENT_FIFO, EVENT_ARRAY_GFNS, f->nr_event_array_gfns);
	u64_list(w, f->event_array_gfns, f->nr_event_array_gfns);
	LIST(EVENT_FIFO, VCPUS, f->nr_vcpus);
	for (i = 0; i < f->nr_vcpus; i++) {
		const struct xenlu_v3_fifo_vcpu *v = &f->vcpus[i];

		STRUCT(FIFO_VCPU);
		UINT(FIFO_VCPU, VCPU, v->vcpu);
		UINT(FIFO_VCPU, CONTROL_BLOCK_GFN, v->control_block_gfn);
		UINT(FIFO_VCPU, CONTROL_BLOCK_OFFSET, v->control_block_offset);
		LIST_MIN(FIFO_VCPU, HEADS, v->nr_heads);
		u32_list(w, v->heads, v->nr_heads);
		END();
	}
	END();
	END();
	xlu_w_record_end(w);
}

void xlu_write_event_channels(struct xlu_writer *w, const struct xenlu_v3_event_channel *c, uint32_t n)
{
	list_records(w, XENLU_V3_REC_EVENT_CHANNELS, XENLU_V3_REC_EVENT_CHANNELS_MAX_ENTRIES, c, sizeof(*c), n,
		     event_channel);
}

void xlu_write_vcpu_runstates(struct xlu_writer *w, const struct xenlu_v3_vcpu_runstate *r, uint32_t n)
{
	list_records(w, XENLU_V3_REC_VCPU_RUNSTATE, XENLU_V3_REC_VCPU_RUNSTATE_MAX_ENTRIES, r, sizeof(*r), n,
		     vcpu_runstate);
}

void xlu_write_ioreq_servers(struct xlu_writer *w, const struct xenlu_v3_ioreq_server *s, uint32_t n)
{
	list_records(w, XENLU_V3_REC_IOREQ_SERVERS, XENLU_V3_REC_IOREQ_SERVERS_MAX_ENTRIES, s, sizeof(*s), n,
		     ioreq_server);
}

void xlu_write_domain_records(struct xlu_writer *w, const struct xenlu_v3_domain_state *d)
{
	uint32_t i;

	/* The order of XENLU_V3_SECTIONS: DOMAIN, then restore pass 0, 1 and 2 state. */
	xlu_write_domain(w, &d->domain);
	xlu_write_tsc_info(w, &d->tsc_info);
	xlu_write_p2m(w, d->p2m, d->nr_p2m);
	for (i = 0; i < d->nr_vcpus; i++)
		xlu_write_vcpu(w, &d->vcpus[i]);
	xlu_write_pages(w, d->pages, d->nr_pages);
	if (d->grant_table)
		xlu_write_grant_table(w, d->grant_table);
	if (d->passthrough)
		xlu_write_passthrough(w, d->passthrough);
	xlu_write_hvm_params(w, d->hvm_params, d->nr_hvm_params);
	xlu_write_hvm_devices(w, d->hvm_devices, d->nr_hvm_devices);
	if (d->event_fifo)
		xlu_write_event_fifo(w, d->event_fifo);
	xlu_write_event_channels(w, d->event_channels, d->nr_event_channels);
	xlu_write_vcpu_runstates(w, d->vcpu_runstates, d->nr_vcpu_runstates);
	xlu_write_ioreq_servers(w, d->ioreq_servers, d->nr_ioreq_servers);
}

int xlu_write_stream_v3(struct xlu_writer *w, const struct xenlu_v3_state *s)
{
	uint32_t i;

	xlu_w_stream_header(w, XENLU_V3_SCHEMA_VERSION, s->host.producer.major, s->host.producer.minor);
	xlu_write_host(w, &s->host);
	for (i = 0; i < s->nr_domains; i++)
		xlu_write_domain_records(w, &s->domains[i]);
	xlu_w_end(w);
	return w->status;
}
