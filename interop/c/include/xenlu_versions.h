/*
 * xenlu_versions.h: every schema version of the xenlu live-update stream this tree knows.
 *
 * GENERATED from packages/format/src/schema by scripts/gen-c-headers.mjs. Do not edit: regenerate.
 */
#ifndef XENLU_VERSIONS_H
#define XENLU_VERSIONS_H

#include "xenlu_v1.h"
#include "xenlu_v2.h"
#include "xenlu_v3.h"
#include "xenlu_v4.h"

#define XENLU_LATEST_VERSION 4u
#define XENLU_NR_VERSIONS 4u
/* X(N) for every schema version N, ascending from 1: XENLU_VN_* macros exist for each. */
#define XENLU_VERSIONS(X) \
	X(1) \
	X(2) \
	X(3) \
	X(4)

#endif /* XENLU_VERSIONS_H */
