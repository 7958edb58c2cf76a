/*
 * xlu_write_v4.c: schema version 4 records from the structs of xenlu_v4_state.h.
 *
 * GENERATED from packages/format/src/schema by scripts/gen-c-headers.mjs. Do not edit: regenerate.
 * Every field is written through its field-number macro, so the writer fails (XLU_W_SHAPE) rather
 * than emit a misnumbered field if this code and the header ever disagree.
 */
#include "xlu_write_v4.h"

#include "xenlu_v4.h"

/* XenVersion */
static void put_xen_version(struct xlu_writer *w, const struct xenlu_v4_xen_version *p)
{
	xlu_w_array(w, XENLU_V4_XEN_VERSION_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_XEN_VERSION_MAJOR);
	xlu_w_uint(w, p->major);
	xlu_w_at(w, XENLU_V4_F_XEN_VERSION_MINOR);
	xlu_w_uint(w, p->minor);
	xlu_w_at(w, XENLU_V4_F_XEN_VERSION_EXTRA);
	xlu_w_str(w, p->extra, XENLU_V4_XEN_VERSION_EXTRA_MAX_BYTES);
	xlu_w_at(w, XENLU_V4_F_XEN_VERSION_CHANGESET);
	xlu_w_str(w, p->changeset, XENLU_V4_XEN_VERSION_CHANGESET_MAX_BYTES);
	xlu_w_array_end(w);
}

/* MfnRange */
static void put_mfn_range(struct xlu_writer *w, const struct xenlu_v4_mfn_range *p)
{
	xlu_w_array(w, XENLU_V4_MFN_RANGE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_MFN_RANGE_START);
	xlu_w_uint(w, p->start);
	xlu_w_at(w, XENLU_V4_F_MFN_RANGE_COUNT);
	xlu_w_uint(w, p->count);
	xlu_w_array_end(w);
}

/* Handover */
static void put_handover(struct xlu_writer *w, const struct xenlu_v4_handover *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_HANDOVER_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_HANDOVER_NR_STREAM_PAGES);
	xlu_w_uint(w, p->nr_stream_pages);
	xlu_w_at(w, XENLU_V4_F_HANDOVER_MFN_ARRAY_MADDR);
	xlu_w_uint(w, p->mfn_array_maddr);
	xlu_w_at(w, XENLU_V4_F_HANDOVER_STREAM_MFNS);
	xlu_w_list(w, p->nr_stream_mfns, 0u, XENLU_V4_HANDOVER_STREAM_MFNS_MAX_ITEMS);
	for (i = 0; i < p->nr_stream_mfns; i++)
		xlu_w_uint(w, p->stream_mfns[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* HostTime */
static void put_host_time(struct xlu_writer *w, const struct xenlu_v4_host_time *p)
{
	xlu_w_array(w, XENLU_V4_HOST_TIME_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_HOST_TIME_SYSTEM_TIME_NS);
	xlu_w_uint(w, p->system_time_ns);
	xlu_w_at(w, XENLU_V4_F_HOST_TIME_TSC);
	xlu_w_uint(w, p->tsc);
	xlu_w_at(w, XENLU_V4_F_HOST_TIME_TSC_KHZ);
	xlu_w_uint(w, p->tsc_khz);
	xlu_w_array_end(w);
}

/* Cpupool */
static void put_cpupool(struct xlu_writer *w, const struct xenlu_v4_cpupool *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_CPUPOOL_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_CPUPOOL_ID);
	xlu_w_uint(w, p->id);
	xlu_w_at(w, XENLU_V4_F_CPUPOOL_SCHEDULER);
	xlu_w_uint(w, p->scheduler);
	xlu_w_at(w, XENLU_V4_F_CPUPOOL_PCPUS);
	xlu_w_list(w, p->nr_pcpus, 0u, XENLU_V4_CPUPOOL_PCPUS_MAX_ITEMS);
	for (i = 0; i < p->nr_pcpus; i++)
		xlu_w_uint(w, p->pcpus[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* XenPageRange */
static void put_xen_page_range(struct xlu_writer *w, const struct xenlu_v4_xen_page_range *p)
{
	xlu_w_array(w, XENLU_V4_XEN_PAGE_RANGE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_XEN_PAGE_RANGE_FIRST_MFN);
	xlu_w_uint(w, p->first_mfn);
	xlu_w_at(w, XENLU_V4_F_XEN_PAGE_RANGE_COUNT);
	xlu_w_uint(w, p->count);
	xlu_w_at(w, XENLU_V4_F_XEN_PAGE_RANGE_OWNER);
	xlu_w_uint(w, p->owner);
	xlu_w_array_end(w);
}

/* Host */
static void put_host(struct xlu_writer *w, const struct xenlu_v4_host *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_HOST_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_HOST_PRODUCER);
	put_xen_version(w, &p->producer);
	xlu_w_at(w, XENLU_V4_F_HOST_PAGE_SHIFT);
	xlu_w_uint(w, p->page_shift);
	xlu_w_at(w, XENLU_V4_F_HOST_NR_PCPUS);
	xlu_w_uint(w, p->nr_pcpus);
	xlu_w_at(w, XENLU_V4_F_HOST_TOTAL_PAGES);
	xlu_w_uint(w, p->total_pages);
	xlu_w_at(w, XENLU_V4_F_HOST_BOOTMEM);
	xlu_w_list(w, p->nr_bootmem, XENLU_V4_HOST_BOOTMEM_MIN_ITEMS, XENLU_V4_HOST_BOOTMEM_MAX_ITEMS);
	for (i = 0; i < p->nr_bootmem; i++)
		put_mfn_range(w, &p->bootmem[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_HOST_HANDOVER);
	put_handover(w, &p->handover);
	xlu_w_at(w, XENLU_V4_F_HOST_M2P);
	put_mfn_range(w, &p->m2p);
	xlu_w_at(w, XENLU_V4_F_HOST_TIME);
	put_host_time(w, &p->time);
	xlu_w_at(w, XENLU_V4_F_HOST_CPUPOOLS);
	xlu_w_list(w, p->nr_cpupools, XENLU_V4_HOST_CPUPOOLS_MIN_ITEMS, XENLU_V4_HOST_CPUPOOLS_MAX_ITEMS);
	for (i = 0; i < p->nr_cpupools; i++)
		put_cpupool(w, &p->cpupools[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_HOST_CPU_FEATURESET);
	xlu_w_list(w, p->nr_cpu_featureset, 0u, XENLU_V4_HOST_CPU_FEATURESET_MAX_ITEMS);
	for (i = 0; i < p->nr_cpu_featureset; i++)
		xlu_w_uint(w, p->cpu_featureset[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_HOST_XEN_PAGES);
	xlu_w_list(w, p->nr_xen_pages, 0u, XENLU_V4_HOST_XEN_PAGES_MAX_ITEMS);
	for (i = 0; i < p->nr_xen_pages; i++)
		put_xen_page_range(w, &p->xen_pages[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* SchedParams */
static void put_sched_params(struct xlu_writer *w, const struct xenlu_v4_sched_params *p)
{
	xlu_w_array(w, XENLU_V4_SCHED_PARAMS_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_SCHED_PARAMS_WEIGHT);
	xlu_w_uint(w, p->weight);
	xlu_w_at(w, XENLU_V4_F_SCHED_PARAMS_CAP);
	xlu_w_uint(w, p->cap);
	xlu_w_array_end(w);
}

/* TimeOffset */
static void put_time_offset(struct xlu_writer *w, const struct xenlu_v4_time_offset *p)
{
	xlu_w_array(w, XENLU_V4_TIME_OFFSET_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_TIME_OFFSET_SECONDS);
	xlu_w_uint(w, p->seconds);
	xlu_w_at(w, XENLU_V4_F_TIME_OFFSET_NEGATIVE);
	xlu_w_bool(w, p->negative);
	xlu_w_array_end(w);
}

/* Watchdog */
static void put_watchdog(struct xlu_writer *w, const struct xenlu_v4_watchdog *p)
{
	xlu_w_array(w, XENLU_V4_WATCHDOG_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_WATCHDOG_ID);
	xlu_w_uint(w, p->id);
	xlu_w_at(w, XENLU_V4_F_WATCHDOG_TIMEOUT_S);
	xlu_w_uint(w, p->timeout_s);
	xlu_w_array_end(w);
}

/* Domain */
static void put_domain(struct xlu_writer *w, const struct xenlu_v4_domain *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_DOMAIN_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_DOMID);
	xlu_w_uint(w, p->domid);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_HANDLE);
	xlu_w_bin(w, p->handle, XENLU_V4_DOMAIN_HANDLE_SIZE, XENLU_V4_DOMAIN_HANDLE_SIZE, XENLU_V4_DOMAIN_HANDLE_SIZE);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_TYPE);
	xlu_w_uint(w, p->type);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_STATE);
	xlu_w_uint(w, p->state);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_ROLES);
	xlu_w_uint(w, p->roles);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_CREATE_FLAGS);
	xlu_w_uint(w, p->create_flags);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_XSM_LABEL);
	xlu_w_uint(w, p->xsm_label);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_MAX_VCPUS);
	xlu_w_uint(w, p->max_vcpus);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_MAX_PAGES);
	xlu_w_uint(w, p->max_pages);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_TOT_PAGES);
	xlu_w_uint(w, p->tot_pages);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_SHR_PAGES); /* retired: nil */
	xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_MAX_EVTCHN_PORT);
	xlu_w_uint(w, p->max_evtchn_port);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_MAX_GRANT_FRAMES);
	xlu_w_uint(w, p->max_grant_frames);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_MAX_MAPTRACK_FRAMES);
	xlu_w_uint(w, p->max_maptrack_frames);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_MAX_GRANT_VERSION);
	xlu_w_uint(w, p->max_grant_version);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_EMULATION_FLAGS);
	xlu_w_uint(w, p->emulation_flags);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_ALTP2M);
	xlu_w_uint(w, p->altp2m);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_SCHED);
	put_sched_params(w, &p->sched);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_EVTCHN_ABI);
	xlu_w_uint(w, p->evtchn_abi);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_SHARED_INFO_GFN);
	xlu_w_uint(w, p->shared_info_gfn);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_CPUPOOL);
	xlu_w_uint(w, p->cpupool);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_SHARED_INFO_MFN);
	if (p->shared_info_mfn)
		xlu_w_uint(w, *p->shared_info_mfn);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_HAS_32BIT_SHINFO);
	xlu_w_bool(w, p->has_32bit_shinfo);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_SHUTDOWN_CODE);
	if (p->shutdown_code)
		xlu_w_uint(w, *p->shutdown_code);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_SUSPEND_EVTCHN);
	xlu_w_uint(w, p->suspend_evtchn);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_TIME_OFFSET);
	if (p->time_offset)
		put_time_offset(w, p->time_offset);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_WATCHDOGS);
	xlu_w_list(w, p->nr_watchdogs, 0u, XENLU_V4_DOMAIN_WATCHDOGS_MAX_ITEMS);
	for (i = 0; i < p->nr_watchdogs; i++)
		put_watchdog(w, &p->watchdogs[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_CONTROLLER_PAUSE_COUNT);
	xlu_w_uint(w, p->controller_pause_count);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_IOMMU_OPTS);
	xlu_w_uint(w, p->iommu_opts);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_ALTP2M_VIEWS);
	xlu_w_uint(w, p->altp2m_views);
	xlu_w_at(w, XENLU_V4_F_DOMAIN_VMTRACE_SIZE);
	xlu_w_uint(w, p->vmtrace_size);
	xlu_w_array_end(w);
}

/* CpuidLeaf */
static void put_cpuid_leaf(struct xlu_writer *w, const struct xenlu_v4_cpuid_leaf *p)
{
	xlu_w_array(w, XENLU_V4_CPUID_LEAF_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_CPUID_LEAF_LEAF);
	xlu_w_uint(w, p->leaf);
	xlu_w_at(w, XENLU_V4_F_CPUID_LEAF_SUBLEAF);
	xlu_w_uint(w, p->subleaf);
	xlu_w_at(w, XENLU_V4_F_CPUID_LEAF_EAX);
	xlu_w_uint(w, p->eax);
	xlu_w_at(w, XENLU_V4_F_CPUID_LEAF_EBX);
	xlu_w_uint(w, p->ebx);
	xlu_w_at(w, XENLU_V4_F_CPUID_LEAF_ECX);
	xlu_w_uint(w, p->ecx);
	xlu_w_at(w, XENLU_V4_F_CPUID_LEAF_EDX);
	xlu_w_uint(w, p->edx);
	xlu_w_array_end(w);
}

/* MsrPolicyEntry */
static void put_msr_policy_entry(struct xlu_writer *w, const struct xenlu_v4_msr_policy_entry *p)
{
	xlu_w_array(w, XENLU_V4_MSR_POLICY_ENTRY_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_MSR_POLICY_ENTRY_INDEX);
	xlu_w_uint(w, p->index);
	xlu_w_at(w, XENLU_V4_F_MSR_POLICY_ENTRY_VALUE);
	xlu_w_uint(w, p->value);
	xlu_w_array_end(w);
}

/* CpuPolicy */
static void put_cpu_policy(struct xlu_writer *w, const struct xenlu_v4_cpu_policy *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_CPU_POLICY_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_CPU_POLICY_CPUID);
	xlu_w_list(w, p->nr_cpuid, 0u, XENLU_V4_CPU_POLICY_CPUID_MAX_ITEMS);
	for (i = 0; i < p->nr_cpuid; i++)
		put_cpuid_leaf(w, &p->cpuid[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_CPU_POLICY_MSRS);
	xlu_w_list(w, p->nr_msrs, 0u, XENLU_V4_CPU_POLICY_MSRS_MAX_ITEMS);
	for (i = 0; i < p->nr_msrs; i++)
		put_msr_policy_entry(w, &p->msrs[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* TscInfo */
static void put_tsc_info(struct xlu_writer *w, const struct xenlu_v4_tsc_info *p)
{
	xlu_w_array(w, XENLU_V4_TSC_INFO_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_TSC_INFO_MODE);
	xlu_w_uint(w, p->mode);
	xlu_w_at(w, XENLU_V4_F_TSC_INFO_GTSC_KHZ);
	xlu_w_uint(w, p->gtsc_khz);
	xlu_w_at(w, XENLU_V4_F_TSC_INFO_INCARNATION);
	xlu_w_uint(w, p->incarnation);
	xlu_w_at(w, XENLU_V4_F_TSC_INFO_ELAPSED_NS);
	xlu_w_uint(w, p->elapsed_ns);
	xlu_w_array_end(w);
}

/* P2mExtent */
static void put_p2m_extent(struct xlu_writer *w, const struct xenlu_v4_p2m_extent *p)
{
	xlu_w_array(w, XENLU_V4_P2M_EXTENT_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_P2M_EXTENT_GFN);
	xlu_w_uint(w, p->gfn);
	xlu_w_at(w, XENLU_V4_F_P2M_EXTENT_MFN);
	xlu_w_uint(w, p->mfn);
	xlu_w_at(w, XENLU_V4_F_P2M_EXTENT_COUNT);
	xlu_w_uint(w, p->count);
	xlu_w_at(w, XENLU_V4_F_P2M_EXTENT_TYPE);
	xlu_w_uint(w, p->type);
	xlu_w_at(w, XENLU_V4_F_P2M_EXTENT_ACCESS);
	xlu_w_uint(w, p->access);
	xlu_w_array_end(w);
}

/* VcpuInfoLocation */
static void put_vcpu_info_location(struct xlu_writer *w, const struct xenlu_v4_vcpu_info_location *p)
{
	xlu_w_array(w, XENLU_V4_VCPU_INFO_LOCATION_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_VCPU_INFO_LOCATION_GFN);
	xlu_w_uint(w, p->gfn);
	xlu_w_at(w, XENLU_V4_F_VCPU_INFO_LOCATION_OFFSET);
	xlu_w_uint(w, p->offset);
	xlu_w_array_end(w);
}

/* Gprs */
static void put_gprs(struct xlu_writer *w, const struct xenlu_v4_gprs *p)
{
	xlu_w_array(w, XENLU_V4_GPRS_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_GPRS_RAX);
	xlu_w_uint(w, p->rax);
	xlu_w_at(w, XENLU_V4_F_GPRS_RBX);
	xlu_w_uint(w, p->rbx);
	xlu_w_at(w, XENLU_V4_F_GPRS_RCX);
	xlu_w_uint(w, p->rcx);
	xlu_w_at(w, XENLU_V4_F_GPRS_RDX);
	xlu_w_uint(w, p->rdx);
	xlu_w_at(w, XENLU_V4_F_GPRS_RBP);
	xlu_w_uint(w, p->rbp);
	xlu_w_at(w, XENLU_V4_F_GPRS_RSI);
	xlu_w_uint(w, p->rsi);
	xlu_w_at(w, XENLU_V4_F_GPRS_RDI);
	xlu_w_uint(w, p->rdi);
	xlu_w_at(w, XENLU_V4_F_GPRS_RSP);
	xlu_w_uint(w, p->rsp);
	xlu_w_at(w, XENLU_V4_F_GPRS_R8);
	xlu_w_uint(w, p->r8);
	xlu_w_at(w, XENLU_V4_F_GPRS_R9);
	xlu_w_uint(w, p->r9);
	xlu_w_at(w, XENLU_V4_F_GPRS_R10);
	xlu_w_uint(w, p->r10);
	xlu_w_at(w, XENLU_V4_F_GPRS_R11);
	xlu_w_uint(w, p->r11);
	xlu_w_at(w, XENLU_V4_F_GPRS_R12);
	xlu_w_uint(w, p->r12);
	xlu_w_at(w, XENLU_V4_F_GPRS_R13);
	xlu_w_uint(w, p->r13);
	xlu_w_at(w, XENLU_V4_F_GPRS_R14);
	xlu_w_uint(w, p->r14);
	xlu_w_at(w, XENLU_V4_F_GPRS_R15);
	xlu_w_uint(w, p->r15);
	xlu_w_array_end(w);
}

/* Segment */
static void put_segment(struct xlu_writer *w, const struct xenlu_v4_segment *p)
{
	xlu_w_array(w, XENLU_V4_SEGMENT_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_SEGMENT_SEL);
	xlu_w_uint(w, p->sel);
	xlu_w_at(w, XENLU_V4_F_SEGMENT_LIMIT);
	xlu_w_uint(w, p->limit);
	xlu_w_at(w, XENLU_V4_F_SEGMENT_BASE);
	xlu_w_uint(w, p->base);
	xlu_w_at(w, XENLU_V4_F_SEGMENT_ARBYTES);
	xlu_w_uint(w, p->arbytes);
	xlu_w_array_end(w);
}

/* DescriptorTable */
static void put_descriptor_table(struct xlu_writer *w, const struct xenlu_v4_descriptor_table *p)
{
	xlu_w_array(w, XENLU_V4_DESCRIPTOR_TABLE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_DESCRIPTOR_TABLE_LIMIT);
	xlu_w_uint(w, p->limit);
	xlu_w_at(w, XENLU_V4_F_DESCRIPTOR_TABLE_BASE);
	xlu_w_uint(w, p->base);
	xlu_w_array_end(w);
}

/* HvmCpu */
static void put_hvm_cpu(struct xlu_writer *w, const struct xenlu_v4_hvm_cpu *p)
{
	xlu_w_array(w, XENLU_V4_HVM_CPU_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_FPU);
	xlu_w_bin(w, p->fpu, XENLU_V4_HVM_CPU_FPU_SIZE, XENLU_V4_HVM_CPU_FPU_SIZE, XENLU_V4_HVM_CPU_FPU_SIZE);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_GPRS);
	put_gprs(w, &p->gprs);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_RIP);
	xlu_w_uint(w, p->rip);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_RFLAGS);
	xlu_w_uint(w, p->rflags);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_CR0);
	xlu_w_uint(w, p->cr0);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_CR2);
	xlu_w_uint(w, p->cr2);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_CR3);
	xlu_w_uint(w, p->cr3);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_CR4);
	xlu_w_uint(w, p->cr4);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_DR0);
	xlu_w_uint(w, p->dr0);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_DR1);
	xlu_w_uint(w, p->dr1);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_DR2);
	xlu_w_uint(w, p->dr2);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_DR3);
	xlu_w_uint(w, p->dr3);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_DR6);
	xlu_w_uint(w, p->dr6);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_DR7);
	xlu_w_uint(w, p->dr7);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_CS);
	put_segment(w, &p->cs);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_DS);
	put_segment(w, &p->ds);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_ES);
	put_segment(w, &p->es);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_FS);
	put_segment(w, &p->fs);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_GS);
	put_segment(w, &p->gs);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_SS);
	put_segment(w, &p->ss);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_TR);
	put_segment(w, &p->tr);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_LDTR);
	put_segment(w, &p->ldtr);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_IDTR);
	put_descriptor_table(w, &p->idtr);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_GDTR);
	put_descriptor_table(w, &p->gdtr);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_SYSENTER_CS);
	xlu_w_uint(w, p->sysenter_cs);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_SYSENTER_ESP);
	xlu_w_uint(w, p->sysenter_esp);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_SYSENTER_EIP);
	xlu_w_uint(w, p->sysenter_eip);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_SHADOW_GS);
	xlu_w_uint(w, p->shadow_gs);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_LSTAR);
	xlu_w_uint(w, p->lstar);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_STAR);
	xlu_w_uint(w, p->star);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_CSTAR);
	xlu_w_uint(w, p->cstar);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_SYSCALL_MASK);
	xlu_w_uint(w, p->syscall_mask);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_EFER);
	xlu_w_uint(w, p->efer);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_TSC_AUX);
	xlu_w_uint(w, p->tsc_aux);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_TSC);
	xlu_w_uint(w, p->tsc);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_PENDING_EVENT);
	xlu_w_uint(w, p->pending_event);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_ERROR_CODE);
	xlu_w_uint(w, p->error_code);
	xlu_w_at(w, XENLU_V4_F_HVM_CPU_FLAGS);
	xlu_w_uint(w, p->flags);
	xlu_w_array_end(w);
}

/* Lapic */
static void put_lapic(struct xlu_writer *w, const struct xenlu_v4_lapic *p)
{
	xlu_w_array(w, XENLU_V4_LAPIC_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_LAPIC_APIC_BASE_MSR);
	xlu_w_uint(w, p->apic_base_msr);
	xlu_w_at(w, XENLU_V4_F_LAPIC_DISABLED);
	xlu_w_uint(w, p->disabled);
	xlu_w_at(w, XENLU_V4_F_LAPIC_TIMER_DIVISOR);
	xlu_w_uint(w, p->timer_divisor);
	xlu_w_at(w, XENLU_V4_F_LAPIC_TDT_MSR);
	xlu_w_uint(w, p->tdt_msr);
	xlu_w_at(w, XENLU_V4_F_LAPIC_REGS);
	xlu_w_bin(w, p->regs, XENLU_V4_LAPIC_REGS_SIZE, XENLU_V4_LAPIC_REGS_SIZE, XENLU_V4_LAPIC_REGS_SIZE);
	xlu_w_at(w, XENLU_V4_F_LAPIC_PENDING_ESR);
	xlu_w_uint(w, p->pending_esr);
	xlu_w_array_end(w);
}

/* MtrrVar */
static void put_mtrr_var(struct xlu_writer *w, const struct xenlu_v4_mtrr_var *p)
{
	xlu_w_array(w, XENLU_V4_MTRR_VAR_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_MTRR_VAR_BASE);
	xlu_w_uint(w, p->base);
	xlu_w_at(w, XENLU_V4_F_MTRR_VAR_MASK);
	xlu_w_uint(w, p->mask);
	xlu_w_array_end(w);
}

/* Mtrr */
static void put_mtrr(struct xlu_writer *w, const struct xenlu_v4_mtrr *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_MTRR_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_MTRR_PAT);
	xlu_w_uint(w, p->pat);
	xlu_w_at(w, XENLU_V4_F_MTRR_CAP);
	xlu_w_uint(w, p->cap);
	xlu_w_at(w, XENLU_V4_F_MTRR_DEF_TYPE);
	xlu_w_uint(w, p->def_type);
	xlu_w_at(w, XENLU_V4_F_MTRR_VAR);
	xlu_w_list(w, p->nr_var, 0u, XENLU_V4_MTRR_VAR_MAX_ITEMS);
	for (i = 0; i < p->nr_var; i++)
		put_mtrr_var(w, &p->var[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_MTRR_FIXED);
	xlu_w_list(w, p->nr_fixed, XENLU_V4_MTRR_FIXED_MIN_ITEMS, XENLU_V4_MTRR_FIXED_MAX_ITEMS);
	for (i = 0; i < p->nr_fixed; i++)
		xlu_w_uint(w, p->fixed[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* Xsave */
static void put_xsave(struct xlu_writer *w, const struct xenlu_v4_xsave *p)
{
	xlu_w_array(w, XENLU_V4_XSAVE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_XSAVE_XFEATURE_MASK);
	xlu_w_uint(w, p->xfeature_mask);
	xlu_w_at(w, XENLU_V4_F_XSAVE_XCR0);
	xlu_w_uint(w, p->xcr0);
	xlu_w_at(w, XENLU_V4_F_XSAVE_XCR0_ACCUM);
	xlu_w_uint(w, p->xcr0_accum);
	xlu_w_at(w, XENLU_V4_F_XSAVE_AREA);
	xlu_w_bin(w, p->area, p->area_len, 0u, XENLU_V4_XSAVE_AREA_MAX_BYTES);
	xlu_w_array_end(w);
}

/* HvmContext */
static void put_hvm_context(struct xlu_writer *w, const struct xenlu_v4_hvm_context *p)
{
	xlu_w_array(w, XENLU_V4_HVM_CONTEXT_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_HVM_CONTEXT_CPU);
	put_hvm_cpu(w, &p->cpu);
	xlu_w_at(w, XENLU_V4_F_HVM_CONTEXT_LAPIC);
	put_lapic(w, &p->lapic);
	xlu_w_at(w, XENLU_V4_F_HVM_CONTEXT_MTRR);
	put_mtrr(w, &p->mtrr);
	xlu_w_at(w, XENLU_V4_F_HVM_CONTEXT_XSAVE);
	if (p->xsave)
		put_xsave(w, p->xsave);
	else
		xlu_w_nil(w);
	xlu_w_array_end(w);
}

/* PvExtContext */
static void put_pv_ext_context(struct xlu_writer *w, const struct xenlu_v4_pv_ext_context *p)
{
	xlu_w_array(w, XENLU_V4_PV_EXT_CONTEXT_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_PV_EXT_CONTEXT_SYSENTER_CALLBACK_CS);
	xlu_w_uint(w, p->sysenter_callback_cs);
	xlu_w_at(w, XENLU_V4_F_PV_EXT_CONTEXT_SYSENTER_CALLBACK_EIP);
	xlu_w_uint(w, p->sysenter_callback_eip);
	xlu_w_at(w, XENLU_V4_F_PV_EXT_CONTEXT_SYSENTER_DISABLES_EVENTS);
	xlu_w_bool(w, p->sysenter_disables_events);
	xlu_w_at(w, XENLU_V4_F_PV_EXT_CONTEXT_SYSCALL32_CALLBACK_CS);
	xlu_w_uint(w, p->syscall32_callback_cs);
	xlu_w_at(w, XENLU_V4_F_PV_EXT_CONTEXT_SYSCALL32_CALLBACK_EIP);
	xlu_w_uint(w, p->syscall32_callback_eip);
	xlu_w_at(w, XENLU_V4_F_PV_EXT_CONTEXT_SYSCALL32_DISABLES_EVENTS);
	xlu_w_bool(w, p->syscall32_disables_events);
	xlu_w_array_end(w);
}

/* PvContext */
static void put_pv_context(struct xlu_writer *w, const struct xenlu_v4_pv_context *p)
{
	xlu_w_array(w, XENLU_V4_PV_CONTEXT_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_PV_CONTEXT_CONTEXT);
	xlu_w_bin(w, p->context, p->context_len, XENLU_V4_PV_CONTEXT_CONTEXT_MIN_BYTES, XENLU_V4_PV_CONTEXT_CONTEXT_MAX_BYTES);
	xlu_w_at(w, XENLU_V4_F_PV_CONTEXT_EXT);
	put_pv_ext_context(w, &p->ext);
	xlu_w_at(w, XENLU_V4_F_PV_CONTEXT_XSAVE);
	if (p->xsave)
		put_xsave(w, p->xsave);
	else
		xlu_w_nil(w);
	xlu_w_array_end(w);
}

/* Msr */
static void put_msr(struct xlu_writer *w, const struct xenlu_v4_msr *p)
{
	xlu_w_array(w, XENLU_V4_MSR_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_MSR_INDEX);
	xlu_w_uint(w, p->index);
	xlu_w_at(w, XENLU_V4_F_MSR_VALUE);
	xlu_w_uint(w, p->value);
	xlu_w_array_end(w);
}

/* Vcpu */
static void put_vcpu(struct xlu_writer *w, const struct xenlu_v4_vcpu *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_VCPU_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_VCPU_ID);
	xlu_w_uint(w, p->id);
	xlu_w_at(w, XENLU_V4_F_VCPU_ONLINE);
	xlu_w_bool(w, p->online);
	xlu_w_at(w, XENLU_V4_F_VCPU_HARD_AFFINITY);
	xlu_w_list(w, p->nr_hard_affinity, 0u, XENLU_V4_VCPU_HARD_AFFINITY_MAX_ITEMS);
	for (i = 0; i < p->nr_hard_affinity; i++)
		xlu_w_uint(w, p->hard_affinity[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_VCPU_SOFT_AFFINITY);
	xlu_w_list(w, p->nr_soft_affinity, 0u, XENLU_V4_VCPU_SOFT_AFFINITY_MAX_ITEMS);
	for (i = 0; i < p->nr_soft_affinity; i++)
		xlu_w_uint(w, p->soft_affinity[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_VCPU_SINGLESHOT_DEADLINE_NS);
	xlu_w_uint(w, p->singleshot_deadline_ns);
	xlu_w_at(w, XENLU_V4_F_VCPU_PERIODIC_PERIOD_NS);
	xlu_w_uint(w, p->periodic_period_ns);
	xlu_w_at(w, XENLU_V4_F_VCPU_VCPU_INFO);
	if (p->vcpu_info)
		put_vcpu_info_location(w, p->vcpu_info);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_VCPU_HVM);
	if (p->hvm)
		put_hvm_context(w, p->hvm);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_VCPU_PV);
	if (p->pv)
		put_pv_context(w, p->pv);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_VCPU_MSRS);
	xlu_w_list(w, p->nr_msrs, 0u, XENLU_V4_VCPU_MSRS_MAX_ITEMS);
	for (i = 0; i < p->nr_msrs; i++)
		put_msr(w, &p->msrs[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* PageRange */
static void put_page_range(struct xlu_writer *w, const struct xenlu_v4_page_range *p)
{
	xlu_w_array(w, XENLU_V4_PAGE_RANGE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_PAGE_RANGE_FIRST_MFN);
	xlu_w_uint(w, p->first_mfn);
	xlu_w_at(w, XENLU_V4_F_PAGE_RANGE_COUNT);
	xlu_w_uint(w, p->count);
	xlu_w_at(w, XENLU_V4_F_PAGE_RANGE_TYPE);
	xlu_w_uint(w, p->type);
	xlu_w_at(w, XENLU_V4_F_PAGE_RANGE_PINNED);
	xlu_w_bool(w, p->pinned);
	xlu_w_array_end(w);
}

/* PinCounts */
static void put_pin_counts(struct xlu_writer *w, const struct xenlu_v4_pin_counts *p)
{
	xlu_w_array(w, XENLU_V4_PIN_COUNTS_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_PIN_COUNTS_HOST_RW);
	xlu_w_uint(w, p->host_rw);
	xlu_w_at(w, XENLU_V4_F_PIN_COUNTS_HOST_RO);
	xlu_w_uint(w, p->host_ro);
	xlu_w_at(w, XENLU_V4_F_PIN_COUNTS_DEVICE_RW);
	xlu_w_uint(w, p->device_rw);
	xlu_w_at(w, XENLU_V4_F_PIN_COUNTS_DEVICE_RO);
	xlu_w_uint(w, p->device_ro);
	xlu_w_array_end(w);
}

/* TransitiveSource */
static void put_transitive_source(struct xlu_writer *w, const struct xenlu_v4_transitive_source *p)
{
	xlu_w_array(w, XENLU_V4_TRANSITIVE_SOURCE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_TRANSITIVE_SOURCE_DOMID);
	xlu_w_uint(w, p->domid);
	xlu_w_at(w, XENLU_V4_F_TRANSITIVE_SOURCE_REF);
	xlu_w_uint(w, p->ref);
	xlu_w_array_end(w);
}

/* SubPage */
static void put_sub_page(struct xlu_writer *w, const struct xenlu_v4_sub_page *p)
{
	xlu_w_array(w, XENLU_V4_SUB_PAGE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_SUB_PAGE_OFFSET);
	xlu_w_uint(w, p->offset);
	xlu_w_at(w, XENLU_V4_F_SUB_PAGE_LENGTH);
	xlu_w_uint(w, p->length);
	xlu_w_array_end(w);
}

/* ActiveGrant */
static void put_active_grant(struct xlu_writer *w, const struct xenlu_v4_active_grant *p)
{
	xlu_w_array(w, XENLU_V4_ACTIVE_GRANT_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_ACTIVE_GRANT_REF);
	xlu_w_uint(w, p->ref);
	xlu_w_at(w, XENLU_V4_F_ACTIVE_GRANT_GRANTEE);
	xlu_w_uint(w, p->grantee);
	xlu_w_at(w, XENLU_V4_F_ACTIVE_GRANT_PIN);
	put_pin_counts(w, &p->pin);
	xlu_w_at(w, XENLU_V4_F_ACTIVE_GRANT_MFN);
	xlu_w_uint(w, p->mfn);
	xlu_w_at(w, XENLU_V4_F_ACTIVE_GRANT_TRANSITIVE);
	if (p->transitive)
		put_transitive_source(w, p->transitive);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_ACTIVE_GRANT_SUB_PAGE);
	if (p->sub_page)
		put_sub_page(w, p->sub_page);
	else
		xlu_w_nil(w);
	xlu_w_array_end(w);
}

/* MaptrackEntry */
static void put_maptrack_entry(struct xlu_writer *w, const struct xenlu_v4_maptrack_entry *p)
{
	xlu_w_array(w, XENLU_V4_MAPTRACK_ENTRY_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_MAPTRACK_ENTRY_HANDLE);
	xlu_w_uint(w, p->handle);
	xlu_w_at(w, XENLU_V4_F_MAPTRACK_ENTRY_GRANTER);
	xlu_w_uint(w, p->granter);
	xlu_w_at(w, XENLU_V4_F_MAPTRACK_ENTRY_REF);
	xlu_w_uint(w, p->ref);
	xlu_w_at(w, XENLU_V4_F_MAPTRACK_ENTRY_FLAGS);
	xlu_w_uint(w, p->flags);
	xlu_w_at(w, XENLU_V4_F_MAPTRACK_ENTRY_VCPU);
	xlu_w_uint(w, p->vcpu);
	xlu_w_array_end(w);
}

/* GrantTable */
static void put_grant_table(struct xlu_writer *w, const struct xenlu_v4_grant_table *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_GRANT_TABLE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_GRANT_TABLE_VERSION);
	xlu_w_uint(w, p->version);
	xlu_w_at(w, XENLU_V4_F_GRANT_TABLE_NR_FRAMES);
	xlu_w_uint(w, p->nr_frames);
	xlu_w_at(w, XENLU_V4_F_GRANT_TABLE_MAX_FRAMES);
	xlu_w_uint(w, p->max_frames);
	xlu_w_at(w, XENLU_V4_F_GRANT_TABLE_SHARED_GFNS);
	xlu_w_list(w, p->nr_shared_gfns, 0u, XENLU_V4_GRANT_TABLE_SHARED_GFNS_MAX_ITEMS);
	for (i = 0; i < p->nr_shared_gfns; i++)
		xlu_w_uint(w, p->shared_gfns[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_GRANT_TABLE_STATUS_GFNS);
	xlu_w_list(w, p->nr_status_gfns, 0u, XENLU_V4_GRANT_TABLE_STATUS_GFNS_MAX_ITEMS);
	for (i = 0; i < p->nr_status_gfns; i++)
		xlu_w_uint(w, p->status_gfns[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_GRANT_TABLE_ACTIVE);
	xlu_w_list(w, p->nr_active, 0u, XENLU_V4_GRANT_TABLE_ACTIVE_MAX_ITEMS);
	for (i = 0; i < p->nr_active; i++)
		put_active_grant(w, &p->active[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_GRANT_TABLE_MAPTRACK);
	xlu_w_list(w, p->nr_maptrack, 0u, XENLU_V4_GRANT_TABLE_MAPTRACK_MAX_ITEMS);
	for (i = 0; i < p->nr_maptrack; i++)
		put_maptrack_entry(w, &p->maptrack[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_GRANT_TABLE_SHARED_MFNS);
	xlu_w_list(w, p->nr_shared_mfns, 0u, XENLU_V4_GRANT_TABLE_SHARED_MFNS_MAX_ITEMS);
	for (i = 0; i < p->nr_shared_mfns; i++)
		xlu_w_uint(w, p->shared_mfns[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_GRANT_TABLE_STATUS_MFNS);
	xlu_w_list(w, p->nr_status_mfns, 0u, XENLU_V4_GRANT_TABLE_STATUS_MFNS_MAX_ITEMS);
	for (i = 0; i < p->nr_status_mfns; i++)
		xlu_w_uint(w, p->status_mfns[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* PciDevice */
static void put_pci_device(struct xlu_writer *w, const struct xenlu_v4_pci_device *p)
{
	xlu_w_array(w, XENLU_V4_PCI_DEVICE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_PCI_DEVICE_SEGMENT);
	xlu_w_uint(w, p->segment);
	xlu_w_at(w, XENLU_V4_F_PCI_DEVICE_BUS);
	xlu_w_uint(w, p->bus);
	xlu_w_at(w, XENLU_V4_F_PCI_DEVICE_DEVFN);
	xlu_w_uint(w, p->devfn);
	xlu_w_array_end(w);
}

/* Msi */
static void put_msi(struct xlu_writer *w, const struct xenlu_v4_msi *p)
{
	xlu_w_array(w, XENLU_V4_MSI_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_MSI_ADDRESS);
	xlu_w_uint(w, p->address);
	xlu_w_at(w, XENLU_V4_F_MSI_DATA);
	xlu_w_uint(w, p->data);
	xlu_w_array_end(w);
}

/* PirqBinding */
static void put_pirq_binding(struct xlu_writer *w, const struct xenlu_v4_pirq_binding *p)
{
	xlu_w_array(w, XENLU_V4_PIRQ_BINDING_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_PIRQ_BINDING_PIRQ);
	xlu_w_uint(w, p->pirq);
	xlu_w_at(w, XENLU_V4_F_PIRQ_BINDING_HOST_IRQ);
	xlu_w_uint(w, p->host_irq);
	xlu_w_at(w, XENLU_V4_F_PIRQ_BINDING_MSI);
	if (p->msi)
		put_msi(w, p->msi);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_PIRQ_BINDING_PORT);
	xlu_w_uint(w, p->port);
	xlu_w_array_end(w);
}

/* Passthrough */
static void put_passthrough(struct xlu_writer *w, const struct xenlu_v4_passthrough *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_PASSTHROUGH_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_PASSTHROUGH_IOMMU_ROOT_MFN);
	xlu_w_uint(w, p->iommu_root_mfn);
	xlu_w_at(w, XENLU_V4_F_PASSTHROUGH_IOMMU_LEVELS);
	xlu_w_uint(w, p->iommu_levels);
	xlu_w_at(w, XENLU_V4_F_PASSTHROUGH_DEVICES);
	xlu_w_list(w, p->nr_devices, 0u, XENLU_V4_PASSTHROUGH_DEVICES_MAX_ITEMS);
	for (i = 0; i < p->nr_devices; i++)
		put_pci_device(w, &p->devices[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_PASSTHROUGH_PIRQS);
	xlu_w_list(w, p->nr_pirqs, 0u, XENLU_V4_PASSTHROUGH_PIRQS_MAX_ITEMS);
	for (i = 0; i < p->nr_pirqs; i++)
		put_pirq_binding(w, &p->pirqs[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* HvmParam */
static void put_hvm_param(struct xlu_writer *w, const struct xenlu_v4_hvm_param *p)
{
	xlu_w_array(w, XENLU_V4_HVM_PARAM_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_HVM_PARAM_INDEX);
	xlu_w_uint(w, p->index);
	xlu_w_at(w, XENLU_V4_F_HVM_PARAM_VALUE);
	xlu_w_uint(w, p->value);
	xlu_w_array_end(w);
}

/* HvmDevice */
static void put_hvm_device(struct xlu_writer *w, const struct xenlu_v4_hvm_device *p)
{
	xlu_w_array(w, XENLU_V4_HVM_DEVICE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_HVM_DEVICE_TYPE);
	xlu_w_uint(w, p->type);
	xlu_w_at(w, XENLU_V4_F_HVM_DEVICE_INSTANCE);
	xlu_w_uint(w, p->instance);
	xlu_w_at(w, XENLU_V4_F_HVM_DEVICE_BODY);
	xlu_w_bin(w, p->body, p->body_len, 0u, XENLU_V4_HVM_DEVICE_BODY_MAX_BYTES);
	xlu_w_array_end(w);
}

/* FifoVcpu */
static void put_fifo_vcpu(struct xlu_writer *w, const struct xenlu_v4_fifo_vcpu *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_FIFO_VCPU_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_FIFO_VCPU_VCPU);
	xlu_w_uint(w, p->vcpu);
	xlu_w_at(w, XENLU_V4_F_FIFO_VCPU_CONTROL_BLOCK_GFN);
	xlu_w_uint(w, p->control_block_gfn);
	xlu_w_at(w, XENLU_V4_F_FIFO_VCPU_CONTROL_BLOCK_OFFSET);
	xlu_w_uint(w, p->control_block_offset);
	xlu_w_at(w, XENLU_V4_F_FIFO_VCPU_HEADS);
	xlu_w_list(w, p->nr_heads, XENLU_V4_FIFO_VCPU_HEADS_MIN_ITEMS, XENLU_V4_FIFO_VCPU_HEADS_MAX_ITEMS);
	for (i = 0; i < p->nr_heads; i++)
		xlu_w_uint(w, p->heads[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_FIFO_VCPU_TAILS);
	xlu_w_list(w, p->nr_tails, XENLU_V4_FIFO_VCPU_TAILS_MIN_ITEMS, XENLU_V4_FIFO_VCPU_TAILS_MAX_ITEMS);
	for (i = 0; i < p->nr_tails; i++)
		xlu_w_uint(w, p->tails[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* EventFifo */
static void put_event_fifo(struct xlu_writer *w, const struct xenlu_v4_event_fifo *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_EVENT_FIFO_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_EVENT_FIFO_EVENT_ARRAY_GFNS);
	xlu_w_list(w, p->nr_event_array_gfns, XENLU_V4_EVENT_FIFO_EVENT_ARRAY_GFNS_MIN_ITEMS, XENLU_V4_EVENT_FIFO_EVENT_ARRAY_GFNS_MAX_ITEMS);
	for (i = 0; i < p->nr_event_array_gfns; i++)
		xlu_w_uint(w, p->event_array_gfns[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_EVENT_FIFO_VCPUS);
	xlu_w_list(w, p->nr_vcpus, 0u, XENLU_V4_EVENT_FIFO_VCPUS_MAX_ITEMS);
	for (i = 0; i < p->nr_vcpus; i++)
		put_fifo_vcpu(w, &p->vcpus[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* EventChannel */
static void put_event_channel(struct xlu_writer *w, const struct xenlu_v4_event_channel *p)
{
	xlu_w_array(w, XENLU_V4_EVENT_CHANNEL_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_PORT);
	xlu_w_uint(w, p->port);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_STATE);
	xlu_w_uint(w, p->state);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_NOTIFY_VCPU);
	xlu_w_uint(w, p->notify_vcpu);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_REMOTE_DOMID);
	xlu_w_uint(w, p->remote_domid);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_REMOTE_PORT);
	xlu_w_uint(w, p->remote_port);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_PIRQ);
	xlu_w_uint(w, p->pirq);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_VIRQ);
	xlu_w_uint(w, p->virq);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_PENDING);
	xlu_w_bool(w, p->pending);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_MASKED);
	xlu_w_bool(w, p->masked);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_PRIORITY);
	xlu_w_uint(w, p->priority);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_LAST_VCPU);
	xlu_w_uint(w, p->last_vcpu);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_LAST_PRIORITY);
	xlu_w_uint(w, p->last_priority);
	xlu_w_at(w, XENLU_V4_F_EVENT_CHANNEL_XEN_CONSUMER);
	xlu_w_uint(w, p->xen_consumer);
	xlu_w_array_end(w);
}

/* VcpuRunstate */
static void put_vcpu_runstate(struct xlu_writer *w, const struct xenlu_v4_vcpu_runstate *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_VCPU_RUNSTATE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_VCPU_RUNSTATE_VCPU);
	xlu_w_uint(w, p->vcpu);
	xlu_w_at(w, XENLU_V4_F_VCPU_RUNSTATE_STATE);
	xlu_w_uint(w, p->state);
	xlu_w_at(w, XENLU_V4_F_VCPU_RUNSTATE_STATE_ENTRY_TIME);
	xlu_w_uint(w, p->state_entry_time);
	xlu_w_at(w, XENLU_V4_F_VCPU_RUNSTATE_TIME);
	xlu_w_list(w, p->nr_time, XENLU_V4_VCPU_RUNSTATE_TIME_MIN_ITEMS, XENLU_V4_VCPU_RUNSTATE_TIME_MAX_ITEMS);
	for (i = 0; i < p->nr_time; i++)
		xlu_w_uint(w, p->time[i]);
	xlu_w_array_end(w);
	xlu_w_array_end(w);
}

/* IoRange */
static void put_io_range(struct xlu_writer *w, const struct xenlu_v4_io_range *p)
{
	xlu_w_array(w, XENLU_V4_IO_RANGE_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_IO_RANGE_TYPE);
	xlu_w_uint(w, p->type);
	xlu_w_at(w, XENLU_V4_F_IO_RANGE_START);
	xlu_w_uint(w, p->start);
	xlu_w_at(w, XENLU_V4_F_IO_RANGE_END);
	xlu_w_uint(w, p->end);
	xlu_w_array_end(w);
}

/* IoreqServer */
static void put_ioreq_server(struct xlu_writer *w, const struct xenlu_v4_ioreq_server *p)
{
	uint32_t i;

	xlu_w_array(w, XENLU_V4_IOREQ_SERVER_NR_FIELDS);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_ID);
	xlu_w_uint(w, p->id);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_DM_DOMID);
	xlu_w_uint(w, p->dm_domid);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_IOREQ_GFN);
	if (p->ioreq_gfn)
		xlu_w_uint(w, *p->ioreq_gfn);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_BUFIOREQ_GFN);
	if (p->bufioreq_gfn)
		xlu_w_uint(w, *p->bufioreq_gfn);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_VCPU_PORTS);
	xlu_w_list(w, p->nr_vcpu_ports, 0u, XENLU_V4_IOREQ_SERVER_VCPU_PORTS_MAX_ITEMS);
	for (i = 0; i < p->nr_vcpu_ports; i++)
		xlu_w_uint(w, p->vcpu_ports[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_ENABLED);
	xlu_w_bool(w, p->enabled);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_BUFIOREQ);
	xlu_w_uint(w, p->bufioreq);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_BUFIOREQ_PORT);
	xlu_w_uint(w, p->bufioreq_port);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_RANGES);
	xlu_w_list(w, p->nr_ranges, 0u, XENLU_V4_IOREQ_SERVER_RANGES_MAX_ITEMS);
	for (i = 0; i < p->nr_ranges; i++)
		put_io_range(w, &p->ranges[i]);
	xlu_w_array_end(w);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_IOREQ_MFN);
	if (p->ioreq_mfn)
		xlu_w_uint(w, *p->ioreq_mfn);
	else
		xlu_w_nil(w);
	xlu_w_at(w, XENLU_V4_F_IOREQ_SERVER_BUFIOREQ_MFN);
	if (p->bufioreq_mfn)
		xlu_w_uint(w, *p->bufioreq_mfn);
	else
		xlu_w_nil(w);
	xlu_w_array_end(w);
}

void xlu_write_v4_host(struct xlu_writer *w, const struct xenlu_v4_host *p)
{
	xlu_w_record_begin(w, XENLU_V4_REC_HOST);
	put_host(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v4_domain(struct xlu_writer *w, const struct xenlu_v4_domain *p)
{
	xlu_w_record_begin(w, XENLU_V4_REC_DOMAIN);
	put_domain(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v4_cpu_policy(struct xlu_writer *w, const struct xenlu_v4_cpu_policy *p)
{
	xlu_w_record_begin(w, XENLU_V4_REC_CPU_POLICY);
	put_cpu_policy(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v4_tsc_info(struct xlu_writer *w, const struct xenlu_v4_tsc_info *p)
{
	xlu_w_record_begin(w, XENLU_V4_REC_TSC_INFO);
	put_tsc_info(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v4_p2m_extents(struct xlu_writer *w, const struct xenlu_v4_p2m_extent *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V4_REC_P2M_EXTENTS_MAX_ENTRIES ? n - i : XENLU_V4_REC_P2M_EXTENTS_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V4_REC_P2M_EXTENTS);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V4_REC_P2M_EXTENTS_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_p2m_extent(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v4_vcpu(struct xlu_writer *w, const struct xenlu_v4_vcpu *p)
{
	xlu_w_record_begin(w, XENLU_V4_REC_VCPU);
	put_vcpu(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v4_pages(struct xlu_writer *w, const struct xenlu_v4_page_range *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V4_REC_PAGES_MAX_ENTRIES ? n - i : XENLU_V4_REC_PAGES_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V4_REC_PAGES);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V4_REC_PAGES_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_page_range(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v4_grant_table(struct xlu_writer *w, const struct xenlu_v4_grant_table *p)
{
	xlu_w_record_begin(w, XENLU_V4_REC_GRANT_TABLE);
	put_grant_table(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v4_passthrough(struct xlu_writer *w, const struct xenlu_v4_passthrough *p)
{
	xlu_w_record_begin(w, XENLU_V4_REC_PASSTHROUGH);
	put_passthrough(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v4_hvm_params(struct xlu_writer *w, const struct xenlu_v4_hvm_param *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V4_REC_HVM_PARAMS_MAX_ENTRIES ? n - i : XENLU_V4_REC_HVM_PARAMS_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V4_REC_HVM_PARAMS);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V4_REC_HVM_PARAMS_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_hvm_param(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v4_hvm_devices(struct xlu_writer *w, const struct xenlu_v4_hvm_device *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V4_REC_HVM_DEVICES_MAX_ENTRIES ? n - i : XENLU_V4_REC_HVM_DEVICES_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V4_REC_HVM_DEVICES);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V4_REC_HVM_DEVICES_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_hvm_device(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v4_event_fifo(struct xlu_writer *w, const struct xenlu_v4_event_fifo *p)
{
	xlu_w_record_begin(w, XENLU_V4_REC_EVENT_FIFO);
	put_event_fifo(w, p);
	xlu_w_record_end(w);
}

void xlu_write_v4_event_channels(struct xlu_writer *w, const struct xenlu_v4_event_channel *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V4_REC_EVENT_CHANNELS_MAX_ENTRIES ? n - i : XENLU_V4_REC_EVENT_CHANNELS_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V4_REC_EVENT_CHANNELS);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V4_REC_EVENT_CHANNELS_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_event_channel(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v4_vcpu_runstate(struct xlu_writer *w, const struct xenlu_v4_vcpu_runstate *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V4_REC_VCPU_RUNSTATE_MAX_ENTRIES ? n - i : XENLU_V4_REC_VCPU_RUNSTATE_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V4_REC_VCPU_RUNSTATE);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V4_REC_VCPU_RUNSTATE_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_vcpu_runstate(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v4_ioreq_servers(struct xlu_writer *w, const struct xenlu_v4_ioreq_server *items, uint32_t n)
{
	uint32_t i, j, chunk;

	for (i = 0; i < n; i += chunk) {
		chunk = n - i < XENLU_V4_REC_IOREQ_SERVERS_MAX_ENTRIES ? n - i : XENLU_V4_REC_IOREQ_SERVERS_MAX_ENTRIES;
		xlu_w_record_begin(w, XENLU_V4_REC_IOREQ_SERVERS);
		xlu_w_array(w, 1);
		xlu_w_at(w, XENLU_F_LIST_ENTRIES);
		xlu_w_list(w, chunk, 1u, XENLU_V4_REC_IOREQ_SERVERS_MAX_ENTRIES);
		for (j = 0; j < chunk; j++)
			put_ioreq_server(w, &items[i + j]);
		xlu_w_array_end(w);
		xlu_w_array_end(w);
		xlu_w_record_end(w);
	}
}

void xlu_write_v4_domain_records(struct xlu_writer *w, const struct xenlu_v4_domain_state *d)
{
	uint32_t i;

	xlu_write_v4_domain(w, &d->domain);
	xlu_write_v4_cpu_policy(w, &d->cpu_policy);
	xlu_write_v4_tsc_info(w, &d->tsc_info);
	xlu_write_v4_p2m_extents(w, d->p2m, d->nr_p2m);
	for (i = 0; i < d->nr_vcpus; i++)
		xlu_write_v4_vcpu(w, &d->vcpus[i]);
	xlu_write_v4_pages(w, d->pages, d->nr_pages);
	if (d->grant_table)
		xlu_write_v4_grant_table(w, d->grant_table);
	if (d->passthrough)
		xlu_write_v4_passthrough(w, d->passthrough);
	xlu_write_v4_hvm_params(w, d->hvm_params, d->nr_hvm_params);
	xlu_write_v4_hvm_devices(w, d->hvm_devices, d->nr_hvm_devices);
	if (d->event_fifo)
		xlu_write_v4_event_fifo(w, d->event_fifo);
	xlu_write_v4_event_channels(w, d->event_channels, d->nr_event_channels);
	xlu_write_v4_vcpu_runstate(w, d->vcpu_runstates, d->nr_vcpu_runstates);
	xlu_write_v4_ioreq_servers(w, d->ioreq_servers, d->nr_ioreq_servers);
}

int xlu_write_stream_v4(struct xlu_writer *w, const struct xenlu_v4_state *s)
{
	uint32_t i;

	xlu_w_stream_header(w, XENLU_V4_SCHEMA_VERSION, s->host.producer.major, s->host.producer.minor);
	xlu_write_v4_host(w, &s->host);
	for (i = 0; i < s->nr_domains; i++)
		xlu_write_v4_domain_records(w, &s->domains[i]);
	xlu_w_end(w);
	return w->status;
}
