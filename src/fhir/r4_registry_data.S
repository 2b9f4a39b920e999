/* The FHIR R4 registry (data/fhir/r4-registry.json), embedded as read-only
   bytes so that one binary works without data files. The path comes from
   LIENTHONG_FHIR_REGISTRY_FILE, set by src/fhir/CMakeLists.txt. */
  .section .rodata
  .global lienthong_fhir_r4_registry
  .type lienthong_fhir_r4_registry, @object
  .balign 16
lienthong_fhir_r4_registry:
  .incbin LIENTHONG_FHIR_REGISTRY_FILE
lienthong_fhir_r4_registry_end:
  .byte 0
  .global lienthong_fhir_r4_registry_size
  .type lienthong_fhir_r4_registry_size, @object
  .balign 8
lienthong_fhir_r4_registry_size:
  .quad lienthong_fhir_r4_registry_end - lienthong_fhir_r4_registry
  .section .note.GNU-stack,"",@progbits
