"""Built-in flavors and images, used until the catalog lives in Arktos ConfigMaps.

Flavors are Nova's classic defaults (ids "1"–"5"); images point at the disk
images Arktos's own examples boot.
"""

from translator.backend.models import Flavor, Image

FLAVORS = (
    Flavor(id='1', name='m1.tiny', vcpus=1, ram=512, disk=1),
    Flavor(id='2', name='m1.small', vcpus=1, ram=2048, disk=20),
    Flavor(id='3', name='m1.medium', vcpus=2, ram=4096, disk=40),
    Flavor(id='4', name='m1.large', vcpus=4, ram=8192, disk=80),
    Flavor(id='5', name='m1.xlarge', vcpus=8, ram=16384, disk=160),
)

IMAGES = (
    Image(id='a8b2f5a4-7d4c-4f41-9c3f-2f0c6f5e1c01', name='cirros',
          location='download.cirros-cloud.net/0.5.1/cirros-0.5.1-x86_64-disk.img',
          properties={'architecture': 'x86_64', 'os_distro': 'cirros'}),
    Image(id='3c6a1c44-0f2d-4e8e-a4ee-6c1f1f0c2d02', name='ubuntu-xenial',
          location='cloud-images.ubuntu.com/xenial/current/xenial-server-cloudimg-amd64-disk1.img',
          min_disk=3, min_ram=512,
          properties={'architecture': 'x86_64', 'os_distro': 'ubuntu'}),
)
