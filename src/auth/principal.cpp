#include "auth/principal.h"

namespace lienthong::auth {

std::string Principal::LogName() const {
  switch (kind) {
    case Kind::kAnonymous:
      return "anonymous";
    case Kind::kOpen:
      return "open";
    case Kind::kUser:
      return "user:" + subject;
    case Kind::kClient:
      return "client:" + subject;
  }
  return "";
}

PrincipalPtr OpenPrincipal() {
  static const PrincipalPtr kOpen = [] {
    auto p = std::make_shared<Principal>();
    p->kind = Principal::Kind::kOpen;
    return p;
  }();
  return kOpen;
}

PrincipalPtr AnonymousPrincipal() {
  static const PrincipalPtr kAnonymous = std::make_shared<Principal>();
  return kAnonymous;
}

}  // namespace lienthong::auth
