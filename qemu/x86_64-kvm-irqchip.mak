# QEMU's devices for the test guests (qemu.sh configures with
# --without-default-devices): the pc machine, its root over
# virtio-9p-pci, and the HPET that the default configuration gives every
# pc machine (a check whose QEMU had none failed: its guests reported
# "clocksource: Watchdog remote CPU 1 read timed out").  A fifth fewer
# files to compile than the defaults.
CONFIG_I440FX=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_9P=y
CONFIG_HPET=y
