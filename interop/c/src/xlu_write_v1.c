/*
 * xlu_write_v1.c: schema version 1 records from the structs of xenlu_v1_state.h.
 *
 * GENERATED from packages/format/src/schema by scripts/gen-c-headers.mjs. Do not edit: regenerate.
 * Every field is written through its field-number macro, so the writer fails (XLU_W_SHAPE) rather
 * than emit a misnumbered field if this code and the header ever disagree.
 */
#include "xlu_write_v1.h"

#include "xenlu_v1.h"

/* XenVersion */
static void put_xen_version(struct xlu_writer *w, const struct xenlu_v1_xen_version *p)
{
	xlu_w_array(w, XENLU_V1_XEN_VERSION_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_XEN_VERSION_MAJOR);
	xlu_w_uint(w, p->major);
	xlu_w_at(w, XENLU_V1_F_XEN_VERSION_MINOR);
	xlu_w_uint(w, p->minor);
	xlu_w_at(w, XENLU_V1_F_XEN_VERSION_EXTRA);
	xlu_w_str(w, p->extra, XENLU_V1_XEN_VERSION_EXTRA_MAX_BYTES);
	xlu_w_at(w, XENLU_V1_F_XEN_VERSION_CHANGESET);
	xlu_w_str(w, p->changeset, XENLU_V1_XEN_VERSION_CHANGESET_MAX_BYTES);
	xlu_w_array_end(w);
}

/* MfnRange */
static void put_mfn_range(struct xlu_writer *w, const struct xenlu_v1_mfn_range *p)
{
	xlu_w_array(w, XENLU_V1_MFN_RANGE_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_MFN_RANGE_START);
	xlu_w_uint(w, p->start);
	xlu_w_at(w, XENLU_V1_F_MFN_RANGE_COUNT);
	xlu_w_uint(w, p->count);
	xlu_w_array_end(w);
}

/* Handover */
static void put_handover(struct xlu_writer *w, const struct xenlu_v1_handover *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V1_HANDOVER_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_HANDOVER_NR_STREAM_PAGES);
	xlu_w_uint(w, p->nr_stream_pages);
	xlu_w_at(w, XENLU_V1_F_HANDOVER_MFN_ARRAY_MADDR);
	xlu_w_uint(w, p->mfn_array_maddr);
	xlu_w_at(w, XENLU_V1_F_HANDOVER_STREAM_MFNS);
	xlu_w_list(w, p->nr_stream_mfns, 0u, XENLU_V1_HANDOVER_STREAM_MFNS_MAX_ITEMS);
	for (i = 0; i < p->nr_stream_mfns; i++)
		xlu_w_uint(w, p->stream_mfns[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* HostTime */
static void put_host_time(struct xlu_writer *w, const struct xenlu_v1_host_time *p)
{
	xlu_w_array(w, XENLU_V1_HOST_TIME_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_HOST_TIME_SYSTEM_TIME_NS);
	xlu_w_uint(w, p->system_time_ns);
	xlu_w_at(w, XENLU_V1_F_HOST_TIME_TSC);
	xlu_w_uint(w, p->tsc);
	xlu_w_at(w, XENLU_V1_F_HOST_TIME_TSC_KHZ);
	xlu_w_uint(w, p->tsc_khz);
	xlu_w_array_end(w);
}

/* Cpupool */
static void put_cpupool(struct xlu_writer *w, const struct xenlu_v1_cpupool *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V1_CPUPOOL_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_CPUPOOL_ID);
	xlu_w_uint(w, p->id);
	xlu_w_at(w, XENLU_V1_F_CPUPOOL_SCHEDULER);
	xlu_w_uint(w, p->scheduler);
	xlu_w_at(w, XENLU_V1_F_CPUPOOL_PCPUS);
	xlu_w_list(w, p->nr_pcpus, 0u, XENLU_V1_CPUPOOL_PCPUS_MAX_ITEMS);
	for (i = 0; i < p->nr_pcpus; i++)
		xlu_w_uint(w, p->pcpus[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* Host */
static void put_host(struct xlu_writer *w, const struct xenlu_v1_host *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V1_HOST_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_HOST_PRODUCER);
	put_xen_version(w, &p->producer);
	xlu_w_at(w, XENLU_V1_F_HOST_PAGE_SHIFT);
	xlu_w_uint(w, p->page_shift);
	xlu_w_at(w, XENLU_V1_F_HOST_NR_PCPUS);
	xlu_w_uint(w, p->nr_pcpus);
	xlu_w_at(w, XENLU_V1_F_HOST_TOTAL_PAGES);
	xlu_w_uint(w, p->total_pages);
	xlu_w_at(w, XENLU_V1_F_HOST_BOOTMEM);
	xlu_w_list(w, p->nr_bootmem, XENLU_V1_HOST_BOOTMEM_MIN_ITEMS, XENLU_V1_HOST_BOOTMEM_MAX_ITEMS);
	for (i = 0; i < p->nr_bootmem; i++)
		put_mfn_range(w, &p->bootmem[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V1_F_HOST_HANDOVER);
	put_handover(w, &p->handover);
	xlu_w_at(w, XENLU_V1_F_HOST_M2P);
	put_mfn_range(w, &p->m2p);
	xlu_w_at(w, XENLU_V1_F_HOST_TIME);
	put_host_time(w, &p->time);
	xlu_w_at(w, XENLU_V1_F_HOST_CPUPOOLS);
	xlu_w_list(w, p->nr_cpupools, XENLU_V1_HOST_CPUPOOLS_MIN_ITEMS, XENLU_V1_HOST_CPUPOOLS_MAX_ITEMS);
	for (i = 0; i < p->nr_cpupools; i++)
		put_cpupool(w, &p->cpupools[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V1_F_HOST_CPU_FEATURESET);
	xlu_w_list(w, p->nr_cpu_featureset, 0u, XENLU_V1_HOST_CPU_FEATURESET_MAX_ITEMS);
	for (i = 0; i < p->nr_cpu_featureset; i++)
		xlu_w_uint(w, p->cpu_featureset[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* SchedParams */
static void put_sched_params(struct xlu_writer *w, const struct xenlu_v1_sched_params *p)
{
	xlu_w_array(w, XENLU_V1_SCHED_PARAMS_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_SCHED_PARAMS_WEIGHT);
	xlu_w_uint(w, p->weight);
	xlu_w_at(w, XENLU_V1_F_SCHED_PARAMS_CAP);
	xlu_w_uint(w, p->cap);
	xlu_w_array_end(w);
}

/* Domain */
static void put_domain(struct xlu_writer *w, const struct xenlu_v1_domain *p)
{
	xlu_w_array(w, XENLU_V1_DOMAIN_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_DOMID);
	xlu_w_uint(w, p->domid);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_HANDLE);
	xlu_w_bin(w, p->handle, XENLU_V1_DOMAIN_HANDLE_SIZE, XENLU_V1_DOMAIN_HANDLE_SIZE, XENLU_V1_DOMAIN_HANDLE_SIZE);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_TYPE);
	xlu_w_uint(w, p->type);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_STATE);
	xlu_w_uint(w, p->state);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_ROLES);
	xlu_w_uint(w, p->roles);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_CREATE_FLAGS);
	xlu_w_uint(w, p->create_flags);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_SSIDREF);
	xlu_w_uint(w, p->ssidref);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_MAX_VCPUS);
	xlu_w_uint(w, p->max_vcpus);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_MAX_PAGES);
	xlu_w_uint(w, p->max_pages);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_TOT_PAGES);
	xlu_w_uint(w, p->tot_pages);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_SHR_PAGES);
	xlu_w_uint(w, p->shr_pages);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_MAX_EVTCHN_PORT);
	xlu_w_uint(w, p->max_evtchn_port);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_MAX_GRANT_FRAMES);
	xlu_w_uint(w, p->max_grant_frames);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_MAX_MAPTRACK_FRAMES);
	xlu_w_uint(w, p->max_maptrack_frames);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_MAX_GRANT_VERSION);
	xlu_w_uint(w, p->max_grant_version);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_EMULATION_FLAGS);
	xlu_w_uint(w, p->emulation_flags);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_ALTP2M);
	xlu_w_uint(w, p->altp2m);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_SCHED);
	put_sched_params(w, &p->sched);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_EVTCHN_ABI);
	xlu_w_uint(w, p->evtchn_abi);
	xlu_w_at(w, XENLU_V1_F_DOMAIN_SHARED_INFO_GFN);
	xlu_w_uint(w, p->shared_info_gfn);
	xlu_w_array_end(w);
}

/* TscInfo */
static void put_tsc_info(struct xlu_writer *w, const struct xenlu_v1_tsc_info *p)
{
	xlu_w_array(w, XENLU_V1_TSC_INFO_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_TSC_INFO_MODE);
	xlu_w_uint(w, p->mode);
	xlu_w_at(w, XENLU_V1_F_TSC_INFO_GTSC_KHZ);
	xlu_w_uint(w, p->gtsc_khz);
	xlu_w_at(w, XENLU_V1_F_TSC_INFO_INCARNATION);
	xlu_w_uint(w, p->incarnation);
	xlu_w_at(w, XENLU_V1_F_TSC_INFO_ELAPSED_NS);
	xlu_w_uint(w, p->elapsed_ns);
	xlu_w_array_end(w);
}

/* P2mEntry */
static void put_p2m_entry(struct xlu_writer *w, const struct xenlu_v1_p2m_entry *p)
{
	xlu_w_array(w, XENLU_V1_P2M_ENTRY_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_P2M_ENTRY_GFN);
	xlu_w_uint(w, p->gfn);
	xlu_w_at(w, XENLU_V1_F_P2M_ENTRY_MFN);
	xlu_w_uint(w, p->mfn);
	xlu_w_at(w, XENLU_V1_F_P2M_ENTRY_ORDER);
	xlu_w_uint(w, p->order);
	xlu_w_at(w, XENLU_V1_F_P2M_ENTRY_TYPE);
	xlu_w_uint(w, p->type);
	xlu_w_at(w, XENLU_V1_F_P2M_ENTRY_ACCESS);
	xlu_w_uint(w, p->access);
	xlu_w_array_end(w);
}

/* VcpuInfoLocation */
static void put_vcpu_info_location(struct xlu_writer *w, const struct xenlu_v1_vcpu_info_location *p)
{
	xlu_w_array(w, XENLU_V1_VCPU_INFO_LOCATION_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_VCPU_INFO_LOCATION_GFN);
	xlu_w_uint(w, p->gfn);
	xlu_w_at(w, XENLU_V1_F_VCPU_INFO_LOCATION_OFFSET);
	xlu_w_uint(w, p->offset);
	xlu_w_array_end(w);
}

/* Gprs */
static void put_gprs(struct xlu_writer *w, const struct xenlu_v1_gprs *p)
{
	xlu_w_array(w, XENLU_V1_GPRS_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_GPRS_RAX);
	xlu_w_uint(w, p->rax);
	xlu_w_at(w, XENLU_V1_F_GPRS_RBX);
	xlu_w_uint(w, p->rbx);
	xlu_w_at(w, XENLU_V1_F_GPRS_RCX);
	xlu_w_uint(w, p->rcx);
	xlu_w_at(w, XENLU_V1_F_GPRS_RDX);
	xlu_w_uint(w, p->rdx);
	xlu_w_at(w, XENLU_V1_F_GPRS_RBP);
	xlu_w_uint(w, p->rbp);
	xlu_w_at(w, XENLU_V1_F_GPRS_RSI);
	xlu_w_uint(w, p->rsi);
	xlu_w_at(w, XENLU_V1_F_GPRS_RDI);
	xlu_w_uint(w, p->rdi);
	xlu_w_at(w, XENLU_V1_F_GPRS_RSP);
	xlu_w_uint(w, p->rsp);
	xlu_w_at(w, XENLU_V1_F_GPRS_R8);
	xlu_w_uint(w, p->r8);
	xlu_w_at(w, XENLU_V1_F_GPRS_R9);
	xlu_w_uint(w, p->r9);
	xlu_w_at(w, XENLU_V1_F_GPRS_R10);
	xlu_w_uint(w, p->r10);
	xlu_w_at(w, XENLU_V1_F_GPRS_R11);
	xlu_w_uint(w, p->r11);
	xlu_w_at(w, XENLU_V1_F_GPRS_R12);
	xlu_w_uint(w, p->r12);
	xlu_w_at(w, XENLU_V1_F_GPRS_R13);
	xlu_w_uint(w, p->r13);
	xlu_w_at(w, XENLU_V1_F_GPRS_R14);
	xlu_w_uint(w, p->r14);
	xlu_w_at(w, XENLU_V1_F_GPRS_R15);
	xlu_w_uint(w, p->r15);
	xlu_w_array_end(w);
}

/* Segment */
static void put_segment(struct xlu_writer *w, const struct xenlu_v1_segment *p)
{
	xlu_w_array(w, XENLU_V1_SEGMENT_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_SEGMENT_SEL);
	xlu_w_uint(w, p->sel);
	xlu_w_at(w, XENLU_V1_F_SEGMENT_LIMIT);
	xlu_w_uint(w, p->limit);
	xlu_w_at(w, XENLU_V1_F_SEGMENT_BASE);
	xlu_w_uint(w, p->base);
	xlu_w_at(w, XENLU_V1_F_SEGMENT_ARBYTES);
	xlu_w_uint(w, p->arbytes);
	xlu_w_array_end(w);
}

/* DescriptorTable */
static void put_descriptor_table(struct xlu_writer *w, const struct xenlu_v1_descriptor_table *p)
{
	xlu_w_array(w, XENLU_V1_DESCRIPTOR_TABLE_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_DESCRIPTOR_TABLE_LIMIT);
	xlu_w_uint(w, p->limit);
	xlu_w_at(w, XENLU_V1_F_DESCRIPTOR_TABLE_BASE);
	xlu_w_uint(w, p->base);
	xlu_w_array_end(w);
}

/* HvmCpu */
static void put_hvm_cpu(struct xlu_writer *w, const struct xenlu_v1_hvm_cpu *p)
{
	xlu_w_array(w, XENLU_V1_HVM_CPU_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_FPU);
	xlu_w_bin(w, p->fpu, XENLU_V1_HVM_CPU_FPU_SIZE, XENLU_V1_HVM_CPU_FPU_SIZE, XENLU_V1_HVM_CPU_FPU_SIZE);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_GPRS);
	put_gprs(w, &p->gprs);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_RIP);
	xlu_w_uint(w, p->rip);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_RFLAGS);
	xlu_w_uint(w, p->rflags);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_CR0);
	xlu_w_uint(w, p->cr0);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_CR2);
	xlu_w_uint(w, p->cr2);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_CR3);
	xlu_w_uint(w, p->cr3);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_CR4);
	xlu_w_uint(w, p->cr4);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_DR0);
	xlu_w_uint(w, p->dr0);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_DR1);
	xlu_w_uint(w, p->dr1);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_DR2);
	xlu_w_uint(w, p->dr2);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_DR3);
	xlu_w_uint(w, p->dr3);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_DR6);
	xlu_w_uint(w, p->dr6);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_DR7);
	xlu_w_uint(w, p->dr7);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_CS);
	put_segment(w, &p->cs);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_DS);
	put_segment(w, &p->ds);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_ES);
	put_segment(w, &p->es);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_FS);
	put_segment(w, &p->fs);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_GS);
	put_segment(w, &p->gs);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_SS);
	put_segment(w, &p->ss);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_TR);
	put_segment(w, &p->tr);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_LDTR);
	put_segment(w, &p->ldtr);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_IDTR);
	put_descriptor_table(w, &p->idtr);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_GDTR);
	put_descriptor_table(w, &p->gdtr);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_SYSENTER_CS);
	xlu_w_uint(w, p->sysenter_cs);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_SYSENTER_ESP);
	xlu_w_uint(w, p->sysenter_esp);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_SYSENTER_EIP);
	xlu_w_uint(w, p->sysenter_eip);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_SHADOW_GS);
	xlu_w_uint(w, p->shadow_gs);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_LSTAR);
	xlu_w_uint(w, p->lstar);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_STAR);
	xlu_w_uint(w, p->star);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_CSTAR);
	xlu_w_uint(w, p->cstar);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_SYSCALL_MASK);
	xlu_w_uint(w, p->syscall_mask);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_EFER);
	xlu_w_uint(w, p->efer);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_TSC_AUX);
	xlu_w_uint(w, p->tsc_aux);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_TSC);
	xlu_w_uint(w, p->tsc);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_PENDING_EVENT);
	xlu_w_uint(w, p->pending_event);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_ERROR_CODE);
	xlu_w_uint(w, p->error_code);
	xlu_w_at(w, XENLU_V1_F_HVM_CPU_FLAGS);
	xlu_w_uint(w, p->flags);
	xlu_w_array_end(w);
}

/* Lapic */
static void put_lapic(struct xlu_writer *w, const struct xenlu_v1_lapic *p)
{
	xlu_w_array(w, XENLU_V1_LAPIC_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_LAPIC_APIC_BASE_MSR);
	xlu_w_uint(w, p->apic_base_msr);
	xlu_w_at(w, XENLU_V1_F_LAPIC_DISABLED);
	xlu_w_uint(w, p->disabled);
	xlu_w_at(w, XENLU_V1_F_LAPIC_TIMER_DIVISOR);
	xlu_w_uint(w, p->timer_divisor);
	xlu_w_at(w, XENLU_V1_F_LAPIC_TDT_MSR);
	xlu_w_uint(w, p->tdt_msr);
	xlu_w_at(w, XENLU_V1_F_LAPIC_REGS);
	xlu_w_bin(w, p->regs, XENLU_V1_LAPIC_REGS_SIZE, XENLU_V1_LAPIC_REGS_SIZE, XENLU_V1_LAPIC_REGS_SIZE);
	xlu_w_array_end(w);
}

/* MtrrVar */
static void put_mtrr_var(struct xlu_writer *w, const struct xenlu_v1_mtrr_var *p)
{
	xlu_w_array(w, XENLU_V1_MTRR_VAR_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_MTRR_VAR_BASE);
	xlu_w_uint(w, p->base);
	xlu_w_at(w, XENLU_V1_F_MTRR_VAR_MASK);
	xlu_w_uint(w, p->mask);
	xlu_w_array_end(w);
}

/* Mtrr */
static void put_mtrr(struct xlu_writer *w, const struct xenlu_v1_mtrr *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V1_MTRR_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_MTRR_PAT);
	xlu_w_uint(w, p->pat);
	xlu_w_at(w, XENLU_V1_F_MTRR_CAP);
	xlu_w_uint(w, p->cap);
	xlu_w_at(w, XENLU_V1_F_MTRR_DEF_TYPE);
	xlu_w_uint(w, p->def_type);
	xlu_w_at(w, XENLU_V1_F_MTRR_VAR);
	xlu_w_list(w, p->nr_var, 0u, XENLU_V1_MTRR_VAR_MAX_ITEMS);
	for (i = 0; i < p->nr_var; i++)
		put_mtrr_var(w, &p->var[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V1_F_MTRR_FIXED);
	xlu_w_list(w, p->nr_fixed, XENLU_V1_MTRR_FIXED_MIN_ITEMS, XENLU_V1_MTRR_FIXED_MAX_ITEMS);
	for (i = 0; i < p->nr_fixed; i++)
		xlu_w_uint(w, p->fixed[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* Xsave */
static void put_xsave(struct xlu_writer *w, const struct xenlu_v1_xsave *p)
{
	xlu_w_array(w, XENLU_V1_XSAVE_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_XSAVE_XFEATURE_MASK);
	xlu_w_uint(w, p->xfeature_mask);
	xlu_w_at(w, XENLU_V1_F_XSAVE_XCR0);
	xlu_w_uint(w, p->xcr0);
	xlu_w_at(w, XENLU_V1_F_XSAVE_XCR0_ACCUM);
	xlu_w_uint(w, p->xcr0_accum);
	xlu_w_at(w, XENLU_V1_F_XSAVE_AREA);
	xlu_w_bin(w, p->area, p->area_len, 0u, XENLU_V1_XSAVE_AREA_MAX_BYTES);
	xlu_w_array_end(w);
}

/* HvmContext */
static void put_hvm_context(struct xlu_writer *w, const struct xenlu_v1_hvm_context *p)
{
	xlu_w_array(w, XENLU_V1_HVM_CONTEXT_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_HVM_CONTEXT_CPU);
	put_hvm_cpu(w, &p->cpu);
	xlu_w_at(w, XENLU_V1_F_HVM_CONTEXT_LAPIC);
	put_lapic(w, &p->lapic);
	xlu_w_at(w, XENLU_V1_F_HVM_CONTEXT_MTRR);
	put_mtrr(w, &p->mtrr);
	xlu_w_at(w, XENLU_V1_F_HVM_CONTEXT_XSAVE);
	if (p->xsave)
		put_xsave(w, p->xsave);
	else
		xlu_w_nil(w);
	xlu_w_array_end(w);
}

/* PvContext */
static void put_pv_context(struct xlu_writer *w, const struct xenlu_v1_pv_context *p)
{
	xlu_w_array(w, XENLU_V1_PV_CONTEXT_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_PV_CONTEXT_CONTEXT);
	xlu_w_bin(w, p->context, p->context_len, XENLU_V1_PV_CONTEXT_CONTEXT_MIN_BYTES, XENLU_V1_PV_CONTEXT_CONTEXT_MAX_BYTES);
	xlu_w_array_end(w);
}

/* Msr */
static void put_msr(struct xlu_writer *w, const struct xenlu_v1_msr *p)
{
	xlu_w_array(w, XENLU_V1_MSR_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_MSR_INDEX);
	xlu_w_uint(w, p->index);
	xlu_w_at(w, XENLU_V1_F_MSR_VALUE);
	xlu_w_uint(w, p->value);
	xlu_w_array_end(w);
}

/* Vcpu */
static void put_vcpu(struct xlu_writer *w, const struct xenlu_v1_vcpu *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V1_VCPU_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_VCPU_ID);
	xlu_w_uint(w, p->id);
	xlu_w_at(w, XENLU_V1_F_VCPU_ONLINE);
	xlu_w_bool(w, p->online);
	xlu_w_at(w, XENLU_V1_F_VCPU_HARD_AFFINITY);
	xlu_w_list(w, p->nr_hard_affinity, 0u, XENLU_V1_VCPU_HARD_AFFINITY_MAX_ITEMS);
	for (i = 0; i < p->nr_hard_affinity; i++)
		xlu_w_uint(w, p->hard_affinity[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V1_F_VCPU_SOFT_AFFINITY);
	xlu_w_list(w, p->nr_soft_affinity, 0u, XENLU_V1_VCPU_SOFT_AFFINITY_MAX_ITEMS);
	for (i = 0; i < p->nr_soft_affinity; i++)
		xlu_w_uint(w, p->soft_affinity[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V1_F_VCPU_SINGLESHOT_DEADLINE_NS);
	xlu_w_uint(w, p->singleshot_deadline_ns);
	xlu_w_at(w, XENLU_V1_F_VCPU_PERIODIC_PERIOD_NS);
	xlu_w_uint(w, p->periodic_period_ns);
	xlu_w_at(w, XENLU_V1_F_VCPU_VCPU_INFO);
	if (p->vcpu_info)
		put_vcpu_info_location(w, p->vcpu_info);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V1_F_VCPU_HVM);
	if (p->hvm)
		put_hvm_context(w, p->hvm);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V1_F_VCPU_PV);
	if (p->pv)
		put_pv_context(w, p->pv);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V1_F_VCPU_MSRS);
	xlu_w_list(w, p->nr_msrs, 0u, XENLU_V1_VCPU_MSRS_MAX_ITEMS);
	for (i = 0; i < p->nr_msrs; i++)
		put_msr(w, &p->msrs[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* PageRange */
static void put_page_range(struct xlu_writer *w, const struct xenlu_v1_page_range *p)
{
	xlu_w_array(w, XENLU_V1_PAGE_RANGE_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_PAGE_RANGE_FIRST_MFN);
	xlu_w_uint(w, p->first_mfn);
	xlu_w_at(w, XENLU_V1_F_PAGE_RANGE_COUNT);
	xlu_w_uint(w, p->count);
	xlu_w_at(w, XENLU_V1_F_PAGE_RANGE_TYPE);
	xlu_w_uint(w, p->type);
	xlu_w_at(w, XENLU_V1_F_PAGE_RANGE_PINNED);
	xlu_w_bool(w, p->pinned);
	xlu_w_array_end(w);
}

/* PinCounts */
static void put_pin_counts(struct xlu_writer *w, const struct xenlu_v1_pin_counts *p)
{
	xlu_w_array(w, XENLU_V1_PIN_COUNTS_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_PIN_COUNTS_HOST_RW);
	xlu_w_uint(w, p->host_rw);
	xlu_w_at(w, XENLU_V1_F_PIN_COUNTS_HOST_RO);
	xlu_w_uint(w, p->host_ro);
	xlu_w_at(w, XENLU_V1_F_PIN_COUNTS_DEVICE_RW);
	xlu_w_uint(w, p->device_rw);
	xlu_w_at(w, XENLU_V1_F_PIN_COUNTS_DEVICE_RO);
	xlu_w_uint(w, p->device_ro);
	xlu_w_array_end(w);
}

/* TransitiveSource */
static void put_transitive_source(struct xlu_writer *w, const struct xenlu_v1_transitive_source *p)
{
	xlu_w_array(w, XENLU_V1_TRANSITIVE_SOURCE_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_TRANSITIVE_SOURCE_DOMID);
	xlu_w_uint(w, p->domid);
	xlu_w_at(w, XENLU_V1_F_TRANSITIVE_SOURCE_REF);
	xlu_w_uint(w, p->ref);
	xlu_w_array_end(w);
}

/* SubPage */
static void put_sub_page(struct xlu_writer *w, const struct xenlu_v1_sub_page *p)
{
	xlu_w_array(w, XENLU_V1_SUB_PAGE_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_SUB_PAGE_OFFSET);
	xlu_w_uint(w, p->offset);
	xlu_w_at(w, XENLU_V1_F_SUB_PAGE_LENGTH);
	xlu_w_uint(w, p->length);
	xlu_w_array_end(w);
}

/* ActiveGrant */
static void put_active_grant(struct xlu_writer *w, const struct xenlu_v1_active_grant *p)
{
	xlu_w_array(w, XENLU_V1_ACTIVE_GRANT_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_ACTIVE_GRANT_REF);
	xlu_w_uint(w, p->ref);
	xlu_w_at(w, XENLU_V1_F_ACTIVE_GRANT_GRANTEE);
	xlu_w_uint(w, p->grantee);
	xlu_w_at(w, XENLU_V1_F_ACTIVE_GRANT_PIN);
	put_pin_counts(w, &p->pin);
	xlu_w_at(w, XENLU_V1_F_ACTIVE_GRANT_MFN);
	xlu_w_uint(w, p->mfn);
	xlu_w_at(w, XENLU_V1_F_ACTIVE_GRANT_TRANSITIVE);
	if (p->transitive)
		put_transitive_source(w, p->transitive);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V1_F_ACTIVE_GRANT_SUB_PAGE);
	if (p->sub_page)
		put_sub_page(w, p->sub_page);
	else
		xlu_w_nil(w);
	xlu_w_array_end(w);
}

/* MaptrackEntry */
static void put_maptrack_entry(struct xlu_writer *w, const struct xenlu_v1_maptrack_entry *p)
{
	xlu_w_array(w, XENLU_V1_MAPTRACK_ENTRY_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_MAPTRACK_ENTRY_HANDLE);
	xlu_w_uint(w, p->handle);
	xlu_w_at(w, XENLU_V1_F_MAPTRACK_ENTRY_GRANTER);
	xlu_w_uint(w, p->granter);
	xlu_w_at(w, XENLU_V1_F_MAPTRACK_ENTRY_REF);
	xlu_w_uint(w, p->ref);
	xlu_w_at(w, XENLU_V1_F_MAPTRACK_ENTRY_FLAGS);
	xlu_w_uint(w, p->flags);
	xlu_w_at(w, XENLU_V1_F_MAPTRACK_ENTRY_VCPU);
	xlu_w_uint(w, p->vcpu);
	xlu_w_array_end(w);
}

/* GrantTable */
static void put_grant_table(struct xlu_writer *w, const struct xenlu_v1_grant_table *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V1_GRANT_TABLE_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_GRANT_TABLE_VERSION);
	xlu_w_uint(w, p->version);
	xlu_w_at(w, XENLU_V1_F_GRANT_TABLE_NR_FRAMES);
	xlu_w_uint(w, p->nr_frames);
	xlu_w_at(w, XENLU_V1_F_GRANT_TABLE_MAX_FRAMES);
	xlu_w_uint(w, p->max_frames);
	xlu_w_at(w, XENLU_V1_F_GRANT_TABLE_SHARED_GFNS);
	xlu_w_list(w, p->nr_shared_gfns, 0u, XENLU_V1_GRANT_TABLE_SHARED_GFNS_MAX_ITEMS);
	for (i = 0; i < p->nr_shared_gfns; i++)
		xlu_w_uint(w, p->shared_gfns[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V1_F_GRANT_TABLE_STATUS_GFNS);
	xlu_w_list(w, p->nr_status_gfns, 0u, XENLU_V1_GRANT_TABLE_STATUS_GFNS_MAX_ITEMS);
	for (i = 0; i < p->nr_status_gfns; i++)
		xlu_w_uint(w, p->status_gfns[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V1_F_GRANT_TABLE_ACTIVE);
	xlu_w_list(w, p->nr_active, 0u, XENLU_V1_GRANT_TABLE_ACTIVE_MAX_ITEMS);
	for (i = 0; i < p->nr_active; i++)
		put_active_grant(w, &p->active[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V1_F_GRANT_TABLE_MAPTRACK);
	xlu_w_list(w, p->nr_maptrack, 0u, XENLU_V1_GRANT_TABLE_MAPTRACK_MAX_ITEMS);
	for (i = 0; i < p->nr_maptrack; i++)
		put_maptrack_entry(w, &p->maptrack[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* HvmParam */
static void put_hvm_param(struct xlu_writer *w, const struct xenlu_v1_hvm_param *p)
{
	xlu_w_array(w, XENLU_V1_HVM_PARAM_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_HVM_PARAM_INDEX);
	xlu_w_uint(w, p->index);
	xlu_w_at(w, XENLU_V1_F_HVM_PARAM_VALUE);
	xlu_w_uint(w, p->value);
	xlu_w_array_end(w);
}

/* HvmDevice */
static void put_hvm_device(struct xlu_writer *w, const struct xenlu_v1_hvm_device *p)
{
	xlu_w_array(w, XENLU_V1_HVM_DEVICE_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_HVM_DEVICE_TYPE);
	xlu_w_uint(w, p->type);
	xlu_w_at(w, XENLU_V1_F_HVM_DEVICE_INSTANCE);
	xlu_w_uint(w, p->instance);
	xlu_w_at(w, XENLU_V1_F_HVM_DEVICE_BODY);
	xlu_w_bin(w, p->body, p->body_len, 0u, XENLU_V1_HVM_DEVICE_BODY_MAX_BYTES);
	xlu_w_array_end(w);
}

/* EventChannel */
static void put_event_channel(struct xlu_writer *w, const struct xenlu_v1_event_channel *p)
{
	xlu_w_array(w, XENLU_V1_EVENT_CHANNEL_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_EVENT_CHANNEL_PORT);
	xlu_w_uint(w, p->port);
	xlu_w_at(w, XENLU_V1_F_EVENT_CHANNEL_STATE);
	xlu_w_uint(w, p->state);
	xlu_w_at(w, XENLU_V1_F_EVENT_CHANNEL_NOTIFY_VCPU);
	xlu_w_uint(w, p->notify_vcpu);
	xlu_w_at(w, XENLU_V1_F_EVENT_CHANNEL_REMOTE_DOMID);
	xlu_w_uint(w, p->remote_domid);
	xlu_w_at(w, XENLU_V1_F_EVENT_CHANNEL_REMOTE_PORT);
	xlu_w_uint(w, p->remote_port);
	xlu_w_at(w, XENLU_V1_F_EVENT_CHANNEL_PIRQ);
	xlu_w_uint(w, p->pirq);
	xlu_w_at(w, XENLU_V1_F_EVENT_CHANNEL_VIRQ);
	xlu_w_uint(w, p->virq);
	xlu_w_at(w, XENLU_V1_F_EVENT_CHANNEL_PENDING);
	xlu_w_bool(w, p->pending);
	xlu_w_at(w, XENLU_V1_F_EVENT_CHANNEL_MASKED);
	xlu_w_bool(w, p->masked);
	xlu_w_array_end(w);
}

/* IoreqServer */
static void put_ioreq_server(struct xlu_writer *w, const struct xenlu_v1_ioreq_server *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V1_IOREQ_SERVER_NR_FIELDS);
	xlu_w_at(w, XENLU_V1_F_IOREQ_SERVER_ID);
	xlu_w_uint(w, p->id);
	xlu_w_at(w, XENLU_V1_F_IOREQ_SERVER_DM_DOMID);
	xlu_w_uint(w, p->dm_domid);
	xlu_w_at(w, XENLU_V1_F_IOREQ_SERVER_IOREQ_GFN);
	xlu_w_uint(w, p->ioreq_gfn);
	xlu_w_at(w, XENLU_V1_F_IOREQ_SERVER_BUFIOREQ_GFN);
	if (p->bufioreq_gfn)
		xlu_w_uint(w, *p->bufioreq_gfn);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V1_F_IOREQ_SERVER_VCPU_PORTS);
	xlu_w_list(w, p->nr_vcpu_ports, 0u, XENLU_V1_IOREQ_SERVER_VCPU_PORTS_MAX_ITEMS);
	for (i = 0; i < p->nr_vcpu_ports; i++)
		xlu_w_uint(w, p->vcpu_ports[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

void xlu_write_v1_host(struct xlu_writer *w, const struct xenlu_v1_host *p)
{
	xlu_w_record_begin(w, XENLU_V1_REC_HOST);
	put_host(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v1_domain(struct xlu_writer *w, const struct xenlu_v1_domain *p)
{
	xlu_w_record_begin(w, XENLU_V1_REC_DOMAIN);
	put_domain(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v1_tsc_info(struct xlu_writer *w, const struct xenlu_v1_tsc_info *p)
{
	xlu_w_record_begin(w, XENLU_V1_REC_TSC_INFO);
	put_tsc_info(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v1_p2m(struct xlu_writer *w, const struct xenlu_v1_p2m_entry *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V1_REC_P2M_MAX_ENTRIES ? n - i : XENLU_V1_REC_P2M_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V1_REC_P2M);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V1_REC_P2M_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_p2m_entry(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v1_vcpu(struct xlu_writer *w, const struct xenlu_v1_vcpu *p)
{
	xlu_w_record_begin(w, XENLU_V1_REC_VCPU);
	put_vcpu(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v1_pages(struct xlu_writer *w, const struct xenlu_v1_page_range *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V1_REC_PAGES_MAX_ENTRIES ? n - i : XENLU_V1_REC_PAGES_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V1_REC_PAGES);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V1_REC_PAGES_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_page_range(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v1_grant_table(struct xlu_writer *w, const struct xenlu_v1_grant_table *p)
{
	xlu_w_record_begin(w, XENLU_V1_REC_GRANT_TABLE);
	put_grant_table(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v1_hvm_params(struct xlu_writer *w, const struct xenlu_v1_hvm_param *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V1_REC_HVM_PARAMS_MAX_ENTRIES ? n - i : XENLU_V1_REC_HVM_PARAMS_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V1_REC_HVM_PARAMS);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V1_REC_HVM_PARAMS_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_hvm_param(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v1_hvm_devices(struct xlu_writer *w, const struct xenlu_v1_hvm_device *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V1_REC_HVM_DEVICES_MAX_ENTRIES ? n - i : XENLU_V1_REC_HVM_DEVICES_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V1_REC_HVM_DEVICES);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V1_REC_HVM_DEVICES_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_hvm_device(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v1_event_channels(struct xlu_writer *w, const struct xenlu_v1_event_channel *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V1_REC_EVENT_CHANNELS_MAX_ENTRIES ? n - i : XENLU_V1_REC_EVENT_CHANNELS_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V1_REC_EVENT_CHANNELS);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V1_REC_EVENT_CHANNELS_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_event_channel(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v1_ioreq_servers(struct xlu_writer *w, const struct xenlu_v1_ioreq_server *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V1_REC_IOREQ_SERVERS_MAX_ENTRIES ? n - i : XENLU_V1_REC_IOREQ_SERVERS_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V1_REC_IOREQ_SERVERS);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V1_REC_IOREQ_SERVERS_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_ioreq_server(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v1_domain_records(struct xlu_writer *w, const struct xenlu_v1_domain_state *d)
{
	uint32_t i;

	xlu_write_v1_domain(w, &d->domain);
	xlu_write_v1_tsc_info(w, &d->tsc_info);
	xlu_write_v1_p2m(w, d->p2m, d->nr_p2m);
	for (i = 0; i < d->nr_vcpus; i++)
		xlu_write_v1_vcpu(w, &d->vcpus[i]);
	xlu_write_v1_pages(w, d->pages, d->nr_pages);
	if (d->grant_table)
		xlu_write_v1_grant_table(w, d->grant_table);
	xlu_write_v1_hvm_params(w, d->hvm_params, d->nr_hvm_params);
	xlu_write_v1_hvm_devices(w, d->hvm_devices, d->nr_hvm_devices);
	xlu_write_v1_event_channels(w, d->event_channels, d->nr_event_channels);
	xlu_write_v1_ioreq_servers(w, d->ioreq_servers, d->nr_ioreq_servers);
}

int xlu_write_stream_v1(struct xlu_writer *w, const struct xenlu_v1_state *s)
{
	uint32_t i;

	xlu_w_stream_header(w, XENLU_V1_SCHEMA_VERSION, s->host.producer.major, s->host.producer.minor);
	xlu_write_v1_host(w, &s->host);
	for (i = 0; i < s->nr_domains; i++)
		xlu_write_v1_domain_records(w, &s->domains[i]);
	xlu_w_end(w);
	return w->status;
}
