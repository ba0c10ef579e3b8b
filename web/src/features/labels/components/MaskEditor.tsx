// The NIfTI image with the mask overlaid, drawn by Niivue (WebGL2): axial slices, a brush or an
// eraser of a chosen size and label value, undo, and the edited mask exported as NIfTI bytes.
import { Niivue, NVImage } from "@niivue/niivue";
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";

export interface Tool {
  mode: "brush" | "eraser";
  value: number;
  size: number;
}

export interface MaskEditorHandle {
  /** The mask as it is now, as an uncompressed NIfTI file with the image's header. */
  exportMask(): Promise<Uint8Array>;
  undo(): void;
  setSlice(k: number): void;
}

interface Props {
  image: ArrayBuffer;
  mask: ArrayBuffer | null;
  depth: number;
  tool: Tool;
  editable: boolean;
  onEdit: () => void;
  onSlice: (k: number) => void;
}

// NVImage.new's declaration lists all 20 parameters as required; every one after `name` has a default.
const imageFrom = NVImage.new.bind(NVImage) as unknown as (data: ArrayBuffer, name: string) => Promise<NVImage>;

function goTo(viewer: Niivue, k: number, depth: number) {
  const pos = viewer.scene.crosshairPos;
  viewer.scene.crosshairPos = [pos[0] ?? 0.5, pos[1] ?? 0.5, (k + 0.5) / depth] as typeof pos;
  viewer.drawScene();
}

/** The axial slice with the most labelled voxels, so a case opens where its mask is (else the middle). */
function busiestSlice(viewer: Niivue, depth: number): number {
  const bitmap = viewer.drawBitmap;
  if (!bitmap || depth < 1) return Math.floor(depth / 2);
  const perSlice = bitmap.length / depth;
  let best = Math.floor(depth / 2);
  let most = 0;
  for (let z = 0; z < depth; z++) {
    let n = 0;
    for (let i = z * perSlice; i < (z + 1) * perSlice; i++) if (bitmap[i]) n++;
    if (n > most) [best, most] = [z, n];
  }
  return best;
}

export const MaskEditor = forwardRef<MaskEditorHandle, Props>(function MaskEditor(
  { image, mask, depth, tool, editable, onEdit, onSlice },
  ref,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const nv = useRef<Niivue | null>(null);
  const [error, setError] = useState<string>();
  const callbacks = useRef({ onEdit, onSlice });
  callbacks.current = { onEdit, onSlice };

  useEffect(() => {
    let live = true;
    const viewer = new Niivue({
      dragAndDropEnabled: false, show3Dcrosshair: false, backColor: [0, 0, 0, 1], isResizeCanvas: true,
      crosshairWidth: 1, crosshairColor: [0.3, 0.8, 1, 0.5],
    });
    nv.current = viewer;
    (async () => {
      await viewer.attachToCanvas(canvas.current!);
      const volume = await imageFrom(image.slice(0), "image.nii.gz");
      if (!live) return;
      viewer.addVolume(volume);
      viewer.setSliceType(viewer.sliceTypeAxial);
      if (mask) viewer.loadDrawing(await imageFrom(mask.slice(0), "mask.nii.gz"));
      else viewer.createEmptyDrawing();
      viewer.setDrawOpacity(0.5);
      viewer.onDrawingChanged = () => callbacks.current.onEdit();
      viewer.onLocationChange = (loc) => {
        const vox = (loc as { vox?: number[] }).vox;
        if (vox && vox[2] !== undefined) callbacks.current.onSlice(Math.round(vox[2]));
      };
      goTo(viewer, busiestSlice(viewer, depth), depth);
      callbacks.current.onSlice(busiestSlice(viewer, depth));
    })().catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      nv.current = null;
      // Niivue has no dispose; dropping the canvas (unmount) frees its WebGL context.
    };
  }, [image, mask, depth]);

  useEffect(() => {
    const viewer = nv.current;
    if (!viewer) return;
    viewer.opts.penSize = tool.size;
    viewer.setPenValue(tool.mode === "eraser" ? 0 : tool.value, false);
    viewer.setDrawingEnabled(editable);
  }, [tool, editable, image, mask]);

  useImperativeHandle(ref, () => ({
    async exportMask() {
      const out = await nv.current?.saveImage({ filename: "", isSaveDrawing: true, volumeByIndex: 0 });
      if (!(out instanceof Uint8Array)) throw new Error("The viewer has no mask to save yet.");
      return out;
    },
    undo() {
      nv.current?.drawUndo();
    },
    setSlice(k: number) {
      if (!nv.current) return;
      goTo(nv.current, k, depth);
      callbacks.current.onSlice(k);
    },
  }), [depth]);

  return (
    <div className="mask-editor">
      <canvas ref={canvas} style={{ width: "100%", height: "100%", display: "block" }}
        aria-label="Image with the mask overlaid; draw on it with the chosen tool" />
      {error && <div className="state error" role="alert">The viewer could not show the image: {error}</div>}
    </div>
  );
});
