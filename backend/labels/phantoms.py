"""Synthetic 3-D volumes and masks (spheres and blobs with noise) for the demo, tests and benchmark."""

from __future__ import annotations

import gzip
from dataclasses import dataclass

import nibabel as nib
import numpy as np

DEFAULT_AFFINE = np.diag([0.8, 0.8, 1.5, 1.0])


@dataclass(frozen=True)
class Phantom:
    image: np.ndarray  # int16 intensities
    mask: np.ndarray  # uint8 labels: 0 background, 1 sphere, 2 blob
    affine: np.ndarray


def phantom(
    shape: tuple[int, int, int] = (64, 64, 32), *, seed: int = 0, affine: np.ndarray = DEFAULT_AFFINE
) -> Phantom:
    """A bright sphere and a lumpy blob in noisy tissue; the mask marks both."""
    rng = np.random.default_rng(seed)
    grid = np.stack(np.meshgrid(*[np.arange(n, dtype=np.float32) for n in shape], indexing="ij"))
    dims = np.asarray(shape, dtype=np.float32).reshape(3, 1, 1, 1)
    centre = rng.uniform(0.3, 0.45, size=3).reshape(3, 1, 1, 1) * dims
    sphere = np.sqrt((((grid - centre) / dims) ** 2).sum(axis=0)) < rng.uniform(0.12, 0.18)
    blob_centre = rng.uniform(0.6, 0.7, size=3).reshape(3, 1, 1, 1) * dims
    radius = np.sqrt((((grid - blob_centre) / dims) ** 2).sum(axis=0))
    # A wobbly radius turns the ball into a blob.
    wobble = 0.03 * np.sin(grid[0] / 3 + seed) * np.cos(grid[1] / 4) + 0.02 * np.sin(grid[2] / 2)
    blob = (radius + wobble < 0.14) & ~sphere
    mask = np.zeros(shape, dtype=np.uint8)
    mask[sphere] = 1
    mask[blob] = 2
    image = 200 + 600 * sphere + 350 * blob + rng.normal(0, 40, size=shape)
    return Phantom(image=image.astype(np.int16), mask=mask, affine=affine)


def nifti_bytes(array: np.ndarray, affine: np.ndarray, *, gz: bool = True) -> bytes:
    """`array` as a NIfTI-1 file on `affine`, gzipped like the `.nii.gz` people exchange."""
    raw = nib.Nifti1Image(array, affine).to_bytes()
    # mtime=0: the same volume always gives the same bytes, hence the same sha256.
    return gzip.compress(raw, compresslevel=6, mtime=0) if gz else raw


def edited(mask: np.ndarray, *, step: int) -> np.ndarray:
    """The mask after a brush stroke: a small cube of label 1 that moves with `step`."""
    out = mask.copy()
    x, y = 4 + (step * 3) % (mask.shape[0] - 8), 4 + (step * 5) % (mask.shape[1] - 8)
    out[x : x + 3, y : y + 3, : min(3, mask.shape[2])] = 1
    return out
