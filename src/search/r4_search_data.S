/* The R4 search parameters and Patient compartment (data/fhir/r4-search.json),
   embedded as read-only bytes. The path comes from LIENTHONG_SEARCH_REGISTRY_FILE,
   set by src/search/CMakeLists.txt. */
  .section .rodata
  .global lienthong_search_r4
  .type lienthong_search_r4, @object
  .balign 16
lienthong_search_r4:
  .incbin LIENTHONG_SEARCH_REGISTRY_FILE
lienthong_search_r4_end:
  .byte 0
  .global lienthong_search_r4_size
  .type lienthong_search_r4_size, @object
  .balign 8
lienthong_search_r4_size:
  .quad lienthong_search_r4_end - lienthong_search_r4
  .section .note.GNU-stack,"",@progbits
