"""Reading and checking NIfTI volumes: what a case image and a saved mask must be.

Images are parsed whole with nibabel. Masks are checked on every save, so they are read as a stream: the
header decides the grid (shape, affine, voxel type, scaling), then the voxels are inflated a chunk at a time
and their values checked as they come, with zlib-ng (inflating a 12 KB mask of 4 MiB voxels: ~0.5 ms, where
the standard library's zlib takes ~11 ms) and without holding the inflated volume.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

import nibabel as nib
import numpy as np
from zlib_ng import zlib_ng

from backend.kit.errors import BadInput

GZIP_MAGIC = b"\x1f\x8b"
_HEADER_SIZES = {348: nib.Nifti1Image, 540: nib.Nifti2Image}
_MAX_EXTENSIONS = 1 << 20  # header extensions we are willing to read past the voxels
HASH_INLINE_BYTES = 1 << 18  # files up to this size are hashed on the event loop (~0.5 ms)
CHUNK = 1 << 20  # inflated bytes of a mask held at once
_SINGLE_FILE_MAGIC = (b"n+1", b"n+2")
Chunk = bytes | memoryview
_INFLATE_ERROR = cast(type[Exception], zlib_ng.error)  # zlib-ng ships no type for it


@dataclass(frozen=True)
class Volume:
    """A checked NIfTI file: its bytes as uploaded and what the header says."""

    data: bytes
    sha256: str
    gzipped: bool
    shape: tuple[int, ...]
    affine: np.ndarray
    image: nib.Nifti1Image

    @property
    def suffix(self) -> str:
        return ".nii.gz" if self.gzipped else ".nii"

    def affine_list(self) -> list[float]:
        return [float(v) for v in self.affine.reshape(-1)]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def suffix_of(data: bytes) -> str:
    """The file name ending of `data` as read_volume will take it: gzipped or not."""
    return ".nii.gz" if data[:2] == GZIP_MAGIC else ".nii"


def read_volume(data: bytes, *, field: str, max_bytes: int, max_voxels: int, sha256: str | None = None) -> Volume:
    """Parse `data` as NIfTI-1/2, gzipped or not; BadInput naming `field` when it is not one.

    `sha256`, when the caller has it already, is taken as the hash of `data`.
    """
    if len(data) > max_bytes:
        raise BadInput(
            f"`{field}` is {len(data):,} bytes; the limit is {max_bytes:,} bytes.", field=field, limit=max_bytes
        )
    if not data:
        raise BadInput(f"`{field}` is an empty file; upload a NIfTI volume (.nii or .nii.gz).", field=field)
    gzipped = data[:2] == GZIP_MAGIC
    # Voxels of up to 8 bytes, the header and its extensions: anything longer is a gzip bomb.
    raw = _gunzip(data, field, limit=max_voxels * 8 + _MAX_EXTENSIONS) if gzipped else data
    image_class = _image_class(raw, field)
    try:
        image = image_class.from_bytes(raw)
        shape = tuple(int(n) for n in image.shape)
        affine = np.asarray(image.affine, dtype=np.float64)
    except Exception as exc:
        raise BadInput(f"`{field}` is not a readable NIfTI volume: {exc}", field=field) from None
    if int(np.prod(shape)) > max_voxels:
        raise BadInput(f"`{field}` holds {int(np.prod(shape)):,} voxels; the limit is {max_voxels:,}.", field=field)
    return Volume(data=data, sha256=sha256 or sha256_of(data), gzipped=gzipped, shape=shape, affine=affine, image=image)


def check_image(volume: Volume, *, field: str = "image") -> None:
    """A case image is one 3-D volume."""
    if len(volume.shape) != 3 or min(volume.shape) < 1:
        raise BadInput(f"`{field}` must be a 3-D volume; its shape is {list(volume.shape)}.", field=field)


@dataclass(frozen=True)
class MaskFile:
    """A mask that passed `read_mask`: its bytes as uploaded."""

    data: bytes
    sha256: str
    gzipped: bool

    @property
    def suffix(self) -> str:
        return ".nii.gz" if self.gzipped else ".nii"


def read_mask(
    data: bytes,
    *,
    shape: list[int],
    affine: list[float],
    allowed: list[int],
    tolerance: float,
    max_bytes: int,
    max_voxels: int,
    sha256: str | None = None,
    field: str = "mask",
) -> MaskFile:
    """Check that `data` is a NIfTI mask on the image's grid (shape, affine) holding only `allowed` values.

    Every voxel is read, a chunk at a time; BadInput naming `field` says what is wrong. `sha256`, when the
    caller has it already, is taken as the hash of `data`.
    """
    if len(data) > max_bytes:
        raise BadInput(
            f"`{field}` is {len(data):,} bytes; the limit is {max_bytes:,} bytes.", field=field, limit=max_bytes
        )
    if not data:
        raise BadInput(f"`{field}` is an empty file; upload a NIfTI volume (.nii or .nii.gz).", field=field)
    gzipped = data[:2] == GZIP_MAGIC
    # Voxels of up to 8 bytes, the header and its extensions: anything longer is a gzip bomb.
    stream = _Stream(data, gzipped, field, limit=max_voxels * 8 + _MAX_EXTENSIONS)
    header = _mask_header(stream, field)
    _check_grid(header, shape=shape, affine=affine, tolerance=tolerance, field=field)
    dtype = _label_dtype(header, field)
    voxels = int(np.prod(header.get_data_shape()))
    if voxels > max_voxels:
        raise BadInput(f"`{field}` holds {voxels:,} voxels; the limit is {max_voxels:,}.", field=field)
    stream.skip_to(int(header.get_data_offset()))
    bad = _check_values(stream, dtype, voxels, allowed, field)
    stream.drain()  # a gzip stream must end where it says it does: a truncated or corrupt one is refused
    if bad:
        raise BadInput(
            f"`{field}` holds label values {bad} outside the case's allowed values {sorted(allowed)}.", field=field
        )
    return MaskFile(data=data, sha256=sha256 or sha256_of(data), gzipped=gzipped)


class _Stream:
    """The file's decompressed bytes, handed out in chunks of at most CHUNK."""

    def __init__(self, data: bytes, gzipped: bool, field: str, *, limit: int) -> None:
        self._field = field
        self._limit = limit
        self._chunks = self._inflated(data) if gzipped else self._plain(data)
        self._buffer: Chunk = b""  # read from the file, not yet handed out
        self.position = 0  # bytes handed out so far

    def _plain(self, data: bytes) -> Iterator[Chunk]:
        view = memoryview(data)  # slices of the upload itself: nothing is copied
        for start in range(0, len(data), CHUNK):
            yield view[start : start + CHUNK]

    def _inflated(self, data: bytes) -> Iterator[Chunk]:
        inflater = zlib_ng.decompressobj(wbits=31)
        pending, total = data, 0
        while not inflater.eof:
            try:
                out = inflater.decompress(pending, CHUNK)
            except _INFLATE_ERROR as exc:
                raise BadInput(
                    f"`{self._field}` looks gzipped but does not inflate: {exc}", field=self._field
                ) from None
            pending = inflater.unconsumed_tail
            total += len(out)
            if total > self._limit:
                raise BadInput(
                    f"`{self._field}` inflates to more than {self._limit:,} bytes; that is not a volume of allowed "
                    "size.",
                    field=self._field,
                )
            if not out and not pending and not inflater.eof:
                raise BadInput(
                    f"`{self._field}` looks gzipped but does not inflate: the stream ends early.", field=self._field
                )
            if out:
                yield out

    def read(self, size: int) -> bytes:
        """Up to `size` bytes (fewer only at the end of the file)."""
        while len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer = bytes(self._buffer) + bytes(chunk) if self._buffer else chunk
        taken, self._buffer = bytes(self._buffer[:size]), self._buffer[size:]
        self.position += len(taken)
        return taken

    def next_chunk(self) -> Chunk:
        """What is buffered, or the next chunk; b"" at the end of the file."""
        taken = self._buffer or next(self._chunks, b"")
        self._buffer = b""
        self.position += len(taken)
        return taken

    def skip_to(self, offset: int) -> None:
        while self.position < offset:
            if not self.read(min(offset - self.position, CHUNK)):
                return

    def drain(self) -> None:
        self._buffer = b""
        for _ in self._chunks:
            pass


def _mask_header(stream: _Stream, field: str) -> nib.Nifti1Header:
    head = stream.read(348)
    image_class = _image_class(head, field)
    if image_class is nib.Nifti2Image:
        head += stream.read(540 - 348)
    try:
        header = image_class.header_class(binaryblock=head, check=True)
    except Exception as exc:
        raise BadInput(f"`{field}` is not a readable NIfTI volume: {exc}", field=field) from None
    if bytes(header["magic"]).rstrip(b"\0") not in _SINGLE_FILE_MAGIC:
        raise BadInput(
            f"`{field}` is the header of a .hdr/.img pair; save the mask as one .nii or .nii.gz file.", field=field
        )
    offset = int(header.get_data_offset())
    if not len(head) <= offset <= len(head) + 4 + _MAX_EXTENSIONS:
        raise BadInput(f"`{field}` puts its voxels at byte {offset:,}, outside what a NIfTI file allows.", field=field)
    return header


def _check_grid(
    header: nib.Nifti1Header, *, shape: list[int], affine: list[float], tolerance: float, field: str
) -> None:
    """The mask lies on the image's voxel grid: same shape, same affine (nibabel's choice of sform or qform)."""
    found = [int(n) for n in header.get_data_shape()]
    if found != list(shape):
        raise BadInput(
            f"`{field}` has shape {found} but the case image has shape {list(shape)}; "
            "save a mask on the image's voxel grid.",
            field=field,
        )
    expected = np.asarray(affine, dtype=np.float64).reshape(4, 4)
    difference = float(np.max(np.abs(np.asarray(header.get_best_affine(), dtype=np.float64) - expected)))
    if not difference <= tolerance:
        raise BadInput(
            f"`{field}` has another affine than the case image (largest difference {difference:.4g}, "
            f"tolerance {tolerance:g}); keep the image's header when saving the mask.",
            field=field,
        )


def _label_dtype(header: nib.Nifti1Header, field: str) -> np.dtype:
    """The voxels' type, when it can hold labels: integers, stored unscaled."""
    dtype = header.get_data_dtype()
    if dtype.kind not in "iub":
        raise BadInput(
            f"`{field}` stores voxels as {dtype}; labels must be integers (e.g. uint8 or int16).", field=field
        )
    slope, inter = header.get_slope_inter()
    if slope not in (None, 1.0) or inter not in (None, 0.0):
        raise BadInput(
            f"`{field}` has intensity scaling (slope {slope}, intercept {inter}); labels must be stored unscaled.",
            field=field,
        )
    return np.dtype(dtype)


def _check_values(stream: _Stream, dtype: np.dtype, voxels: int, allowed: list[int], field: str) -> list[int]:
    """Up to five voxel values outside `allowed`, reading the `voxels` values a chunk at a time."""
    needed = voxels * dtype.itemsize
    seen, carry, bad = 0, b"", set[int]()
    chunk: Chunk
    while seen < needed:
        chunk = stream.next_chunk()
        if not chunk:
            raise BadInput(
                f"`{field}`'s voxel data cannot be read: the file ends after {seen:,} of {needed:,} voxel bytes.",
                field=field,
            )
        chunk = chunk[: needed - seen]
        seen += len(chunk)
        if carry:
            chunk = carry + bytes(chunk)
        whole = len(chunk) - len(chunk) % dtype.itemsize  # a chunk may end inside a voxel
        chunk, carry = chunk[:whole], bytes(chunk[whole:])
        if len(bad) < 5:
            bad.update(_values_outside(np.frombuffer(chunk, dtype=dtype), allowed))
    return sorted(bad)[:5]


def _gunzip(data: bytes, field: str, *, limit: int) -> bytes:
    inflater = zlib_ng.decompressobj(wbits=31)
    try:
        raw = inflater.decompress(data, limit)
    except _INFLATE_ERROR as exc:
        raise BadInput(f"`{field}` looks gzipped but does not inflate: {exc}", field=field) from None
    if inflater.unconsumed_tail:
        raise BadInput(
            f"`{field}` inflates to more than {limit:,} bytes; that is not a volume of allowed size.", field=field
        )
    if not inflater.eof:
        raise BadInput(f"`{field}` looks gzipped but does not inflate: the stream ends early.", field=field)
    return raw


def _image_class(raw: bytes, field: str) -> type[nib.Nifti1Image]:
    if len(raw) >= 4:
        for order in "<>":
            size = struct.unpack(f"{order}i", raw[:4])[0]
            if size in _HEADER_SIZES:
                return _HEADER_SIZES[size]
    raise BadInput(
        f"`{field}` is not a NIfTI file (no NIfTI-1 or NIfTI-2 header); upload .nii or .nii.gz.", field=field
    )


def _values_outside(voxels: np.ndarray, allowed: list[int]) -> list[int]:
    """Up to five values of `voxels` not in `allowed`.

    Masks nearly always hold a few small labels and allow a run of them (0..7): when every integer
    between the smallest and the largest voxel is allowed, two reductions (~0.2 ms for 4 M voxels)
    prove it. Otherwise 8- and 16-bit voxels go through a lookup table indexed by their bit pattern
    (~5 ms for 4 M voxels, where np.isin takes ~110 ms); wider types fall back to np.unique.
    """
    if voxels.size == 0:
        return []
    if voxels.dtype.kind in "iub":
        low, high = int(voxels.min()), int(voxels.max())
        if high - low < len(allowed) and set(range(low, high + 1)) <= set(allowed):
            return []
    if voxels.dtype.itemsize <= 2 and voxels.dtype.kind in "iu":
        unsigned = np.dtype(f"u{voxels.dtype.itemsize}")
        info = np.iinfo(voxels.dtype)
        fitting = np.asarray([v for v in allowed if info.min <= v <= info.max], dtype=voxels.dtype)
        table = np.zeros(1 << (8 * voxels.dtype.itemsize), dtype=bool)
        table[fitting.view(unsigned)] = True
        ok = table[voxels.view(unsigned)]
        return [] if ok.all() else np.unique(voxels[~ok])[:5].tolist()
    present = np.unique(voxels)
    return present[~np.isin(present, np.asarray(allowed, dtype=np.int64))][:5].tolist()
