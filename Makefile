# kvm-irqchip: a KVM x86 irqchip locking series and the harness that proves
# it.  "make run" is the main job, "make check" the tests; see README.md.

# Options, given as make VAR=value (see README.md).  Anything else on the
# command line is a mistake: refuse it rather than ignore it.
OPTIONS := BASE KERNEL_SRC BASE_REF CACHE_DIR BASELINE TESTS TEST_TIMEOUT \
	BOOT_TIMEOUT ACCEL SMP MEM JOBS FORCE ROUNDS BENCH_SECS BENCH_PATHS \
	VMM_QEMU_ARGS DIR CMD V ARGS SANITIZERS SANITIZE_RECHECK SOAK_HANDSHAKES \
	BENCH_CLOCK BENCH_SHIFT CONSOLE_LIMIT_MB
# What kernel developers type out of habit, refused with the reason.
ifneq ($(O),)
$(error O=$(O): the harness keeps its build directories under CACHE_DIR (BASE/debian/{base,series}/build, bench-prod, bench-locks, ...); give CACHE_DIR= to move them)
endif
ifneq ($(LLVM),)
$(error LLVM=$(LLVM): the harness builds with the gcc, ccache and sparse it sets up; clang builds are not supported)
endif
unknown := $(strip $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(if $(filter $(v),$(OPTIONS)),,$(v)))))
ifneq ($(unknown),)
$(error unknown option $(unknown); the options are: $(OPTIONS))
endif
BASES := 7.3 6.12
ifneq ($(filter-out $(BASES),$(BASE)),)
$(error BASE=$(BASE): no such base; the bases are: $(BASES))
endif
ifneq ($(filter-out 0 1,$(V)),)
$(error V=$(V): use V=1 to see the guest's console as it runs)
endif
ifneq ($(filter-out 0 1,$(BASELINE)),)
$(error BASELINE=$(BASELINE): use BASELINE=1 for the unpatched base, 0 or nothing for the series)
endif
ifneq ($(filter-out auto kvm tcg,$(ACCEL)),)
$(error ACCEL=$(ACCEL): use auto, kvm or tcg)
endif
number = $(if $(and $($(1)),$(shell echo '$($(1))' | grep -vxE '[1-9][0-9]*')),$(error $(1)=$($(1)): not a positive number))
ifneq ($(filter-out icount wall,$(BENCH_CLOCK)),)
$(error BENCH_CLOCK=$(BENCH_CLOCK): use icount or wall)
endif
ifneq ($(filter-out 0 1 2 3 4 5 6 7 8 9 10,$(BENCH_SHIFT)),)
$(error BENCH_SHIFT=$(BENCH_SHIFT): a number from 0 to 10)
endif
ifneq ($(filter-out kasan kcsan,$(SANITIZERS)),)
$(error SANITIZERS=$(SANITIZERS): use kasan, kcsan or both)
endif
ifneq ($(and $(SANITIZE_RECHECK),$(shell echo '$(SANITIZE_RECHECK)' | grep -vxE '[0-9]+')),)
$(error SANITIZE_RECHECK=$(SANITIZE_RECHECK): the number of base boots that look again for a report new with the series (0 for none))
endif
$(foreach v,TEST_TIMEOUT BOOT_TIMEOUT SMP MEM JOBS ROUNDS BENCH_SECS SOAK_HANDSHAKES CONSOLE_LIMIT_MB,$(call number,$(v)))

S := scripts

.PHONY: all run compare check bench sanitize soak deps base apply export build boot exec shell verdict clean test-harness help
all: help

help:
	@echo "make run        build, boot and test the series (BASELINE=1: the unpatched base)"
	@echo "make compare    the same for base and series, side by side"
	@echo "make check      the tests: harness, apply, checkpatch, htmldocs, bisect + sparse, runs; both bases"
	@echo "make bench      interrupt throughput and irqchip lock traffic, base vs series"
	@echo "make sanitize   KASAN + UBSAN and KCSAN kernels, base vs series: no new report"
	@echo "make soak       irqchip_lock_test handshakes by the million, base and series"
	@echo "make build      build the kernel (BASELINE=1: the base's) and the KVM selftests, no boot"
	@echo "make boot       boot what make build built and run the tests, building nothing"
	@echo "make exec CMD='...'   boot the kernel, run CMD in the guest (selftests on PATH), print its output"
	@echo "make shell     boot the kernel with a shell in the guest on this terminal"
	@echo "make verdict DIR=...  print the report of a past run again from its results directory"
	@echo "make deps       install the Debian packages the harness needs"
	@echo "make base       make the pristine base tree"
	@echo "make apply      make the base tree and apply patches/BASE/ to its series branch"
	@echo "make export     write the series branch back to patches/BASE/"
	@echo "make clean      remove the base's build directories (not its trees, ccache or results)"
	@echo "make test-harness  the harness's own tests"
	@echo "BASE=7.3 (default) or BASE=6.12 selects the base; ARGS='...' reaches irqchip_lock_test; see README.md for the options"

run:
ifeq ($(BASELINE),1)
	@$(S)/run.sh base
else
	@$(S)/run.sh series
endif

compare:
	@$(S)/run.sh compare

check:
	@$(S)/check.sh

bench:
	@$(S)/bench.sh

sanitize:
	@$(S)/sanitize.sh

soak:
	@$(S)/soak.sh

build:
	@$(S)/run.sh $(if $(filter 1,$(BASELINE)),base,series) build

boot:
	@$(S)/run.sh $(if $(filter 1,$(BASELINE)),base,series) boot

exec:
	@$(S)/exec.sh exec

shell:
	@$(S)/exec.sh shell

verdict:
	@$(S)/reverdict.sh "$(DIR)"

clean:
	@$(S)/clean.sh

deps:
	@$(S)/deps.sh

base: deps
	@$(S)/base.sh

apply: base
	@$(S)/apply.sh

export:
	@$(S)/export.sh

test-harness:
	@tests/run.sh
