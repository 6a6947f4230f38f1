/** Saves text as a file (works offline, no server round trip). */
export function downloadText(fileName: string, text: string, type: string): void {
  saveBlob(fileName, new Blob([text], { type }));
}

function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}

/** A file the api sent base64-encoded over tRPC (the REST routes send the bytes), saved under its own name. */
export function downloadFile(file: { file_name: string; content_type: string; content_base64: string }): void {
  const bytes = Uint8Array.from(atob(file.content_base64), (char) => char.charCodeAt(0));
  saveBlob(file.file_name, new Blob([bytes], { type: file.content_type }));
}
