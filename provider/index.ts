// pulumi-didomi/provider: the implementation loaded by the serialized provider shim inside
// Pulumi's dynamic-provider process (see DESIGN.md §1).
export {};
