# QEMU's devices for the test guests (qemu.sh configures with
# --without-default-devices): the pc machine and its root over
# virtio-9p-pci.  A quarter fewer files to compile than the defaults.
CONFIG_I440FX=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_9P=y
