"""The mask checks without a server: every voxel's value is checked, whichever shortcut proves it."""

from __future__ import annotations

import numpy as np
import pytest

from backend.kit.errors import BadInput
from backend.labels import masks
from backend.labels.phantoms import DEFAULT_AFFINE, nifti_bytes

SHAPE = (16, 16, 8)
LIMITS = {"max_bytes": 1 << 24, "max_voxels": 1 << 20}


def _check(array: np.ndarray, allowed: list[int], *, gz: bool = True) -> masks.MaskFile:
    return _read(nifti_bytes(array, DEFAULT_AFFINE, gz=gz), allowed)


def _read(data: bytes, allowed: list[int] = [0, 1, 2, 3]) -> masks.MaskFile:  # noqa: B006 (never changed)
    return masks.read_mask(
        data,
        shape=list(SHAPE),
        affine=[float(v) for v in DEFAULT_AFFINE.reshape(-1)],
        allowed=allowed,
        tolerance=1e-3,
        **LIMITS,
    )


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.uint16, np.int32])
def test_a_mask_within_a_run_of_allowed_values_passes(dtype) -> None:
    array = np.zeros(SHAPE, dtype=dtype)
    array[2:5, 2:5, :] = 3
    array[8, 8, 4] = 7
    _check(array, list(range(8)))


@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int32])
def test_a_value_in_a_gap_between_allowed_values_is_refused(dtype) -> None:
    """Smallest and largest voxel are both allowed; the one in between is not."""
    array = np.zeros(SHAPE, dtype=dtype)
    array[0, 0, 0], array[1, 1, 1] = 5, 2
    with pytest.raises(BadInput) as refused:
        _check(array, [0, 1, 3, 4, 5])
    assert "label values [2] outside" in refused.value.message and refused.value.field == "mask"


def test_negative_values_are_checked_too() -> None:
    array = np.zeros(SHAPE, dtype=np.int16)
    array[3, 3, 3] = -1
    with pytest.raises(BadInput, match=r"label values \[-1\] outside"):
        _check(array, [0, 1, 2])
    _check(array, [-1, 0, 1])


def test_one_stray_voxel_past_the_allowed_run_is_refused() -> None:
    array = np.ones(SHAPE, dtype=np.uint8)
    array[-1, -1, -1] = 8
    with pytest.raises(BadInput, match=r"label values \[8\] outside"):
        _check(array, list(range(8)))


# The mask is read as a stream: a chunk at a time, so values split across chunks and files cut short matter.


def test_a_stray_value_anywhere_in_a_volume_of_several_chunks_is_found() -> None:
    """int16 voxels after a 352-byte header: chunk borders fall inside voxels, the last one included."""
    shape = (256, 256, 24)  # 3 MiB of int16, over masks.CHUNK
    affine = [float(v) for v in DEFAULT_AFFINE.reshape(-1)]
    for index in [(0, 0, 0), (255, 255, 23), np.unravel_index(masks.CHUNK // 2 - 176, shape)]:
        array = np.zeros(shape, dtype=np.int16)
        array[index] = 9
        for gz in (True, False):
            with pytest.raises(BadInput, match=r"label values \[9\] outside"):
                masks.read_mask(
                    nifti_bytes(array, DEFAULT_AFFINE, gz=gz),
                    shape=list(shape),
                    affine=affine,
                    allowed=[0, 1],
                    tolerance=1e-3,
                    **LIMITS | {"max_voxels": 1 << 22},
                )


def test_a_gzip_stream_cut_short_is_refused() -> None:
    whole = nifti_bytes(np.ones(SHAPE, dtype=np.uint8), DEFAULT_AFFINE)
    for cut in (10, len(whole) // 2, len(whole) - 4):  # in the header, in the voxels, in the CRC trailer
        with pytest.raises(BadInput, match="does not inflate") as refused:
            _read(whole[:cut])
        assert refused.value.field == "mask"


def test_a_gzip_stream_with_a_bad_crc_is_refused() -> None:
    whole = bytearray(nifti_bytes(np.ones(SHAPE, dtype=np.uint8), DEFAULT_AFFINE))
    whole[-6] ^= 0xFF  # inside the CRC32 of the trailer: every voxel inflates, the check does not hold
    with pytest.raises(BadInput, match="does not inflate"):
        _read(bytes(whole))


def test_an_uncompressed_file_cut_in_its_voxels_says_how_far_it_goes() -> None:
    whole = nifti_bytes(np.ones(SHAPE, dtype=np.uint8), DEFAULT_AFFINE, gz=False)
    with pytest.raises(BadInput, match=r"cannot be read: the file ends after 1,000 of 2,048 voxel bytes"):
        _read(whole[: 352 + 1000])


def test_a_gzip_bomb_stops_at_the_limit() -> None:
    import gzip

    bomb = gzip.compress(nifti_bytes(np.ones(SHAPE, dtype=np.uint8), DEFAULT_AFFINE, gz=False) + bytes(64 << 20))
    with pytest.raises(BadInput, match="inflates to more than"):
        masks.read_mask(
            bomb,
            shape=list(SHAPE),
            affine=[float(v) for v in DEFAULT_AFFINE.reshape(-1)],
            allowed=[0, 1],
            tolerance=1e-3,
            max_bytes=1 << 24,
            max_voxels=1 << 12,
        )


@pytest.mark.parametrize("what", ["big-endian", "nifti-2"])
def test_other_nifti_layouts_are_read_like_nibabel_reads_them(what) -> None:
    import nibabel as nib

    array = np.zeros(SHAPE, dtype=">i2" if what == "big-endian" else np.uint8)
    array[1, 2, 3] = 3
    image = (nib.Nifti2Image if what == "nifti-2" else nib.Nifti1Image)(array, DEFAULT_AFFINE)
    if what == "big-endian":
        header = nib.Nifti1Header(endianness=">")
        header.set_data_dtype(np.int16)
        image = nib.Nifti1Image(array, DEFAULT_AFFINE, header=header)
    data = image.to_bytes()
    assert (data[:4] == b"\x00\x00\x01\x5c") == (what == "big-endian")
    assert _read(data, [0, 3]).gzipped is False
    with pytest.raises(BadInput, match=r"label values \[3\] outside"):
        _read(data, [0, 1])


def test_the_grid_and_type_are_checked_from_the_header() -> None:
    with pytest.raises(BadInput, match=r"has shape \[16, 16, 4\]"):
        _check(np.zeros((16, 16, 4), dtype=np.uint8), [0])
    with pytest.raises(BadInput, match="labels must be integers"):
        _check(np.zeros(SHAPE, dtype=np.float32), [0])
    with pytest.raises(BadInput, match="not a NIfTI file"):
        _read(b"\x00" * 400)
    with pytest.raises(BadInput, match="not a NIfTI file"):
        _read(b"short")
