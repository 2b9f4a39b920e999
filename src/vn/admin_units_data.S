/* data/vn/admin-units-2024.csv, embedded as read-only bytes. The path comes
   from LIENTHONG_ADMIN_UNITS_FILE, set by src/vn/CMakeLists.txt. */
  .section .rodata
  .global lienthong_vn_admin_units
  .type lienthong_vn_admin_units, @object
lienthong_vn_admin_units:
  .incbin LIENTHONG_ADMIN_UNITS_FILE
lienthong_vn_admin_units_end:
  .byte 0
  .global lienthong_vn_admin_units_size
  .type lienthong_vn_admin_units_size, @object
  .balign 8
lienthong_vn_admin_units_size:
  .quad lienthong_vn_admin_units_end - lienthong_vn_admin_units
  .section .note.GNU-stack,"",@progbits
