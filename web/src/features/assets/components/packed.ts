// Packed history columns (the Float64Array scalar): base64 of little-endian doubles. Decoding is
// one pass over the bytes, then the buffer is viewed as doubles; no number is parsed. Every
// platform a browser runs on is little-endian, as the scalar is.
export function float64s(base64: string): Float64Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new Float64Array(bytes.buffer);
}
