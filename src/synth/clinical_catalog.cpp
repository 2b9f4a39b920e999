#include "synth/clinical_catalog.h"

#include <array>

namespace lienthong::synth {
namespace {

using S = CareSetting;

constexpr std::array kColdDrugs = {
    DrugSpec{"Paracetamol 500mg", "Uống 1 viên/lần khi sốt trên 38,5 độ, cách nhau ít nhất 4 giờ",
             10, "viên"},
    DrugSpec{"Clorpheniramin 4mg", "Uống 1 viên/lần, ngày 2 lần sáng - tối", 10, "viên"},
};
constexpr std::array kThroatDrugs = {
    DrugSpec{"Amoxicilin 500mg", "Uống 1 viên/lần, ngày 3 lần, sau ăn, trong 7 ngày", 21, "viên"},
    DrugSpec{"Paracetamol 500mg", "Uống 1 viên/lần khi sốt hoặc đau, tối đa 4 lần/ngày", 10,
             "viên"},
};
constexpr std::array kPneumoniaDrugs = {
    DrugSpec{"Amoxicilin + Acid clavulanic 875mg/125mg", "Uống 1 viên/lần, ngày 2 lần, sau ăn", 14,
             "viên"},
    DrugSpec{"Ambroxol 30mg", "Uống 1 viên/lần, ngày 3 lần, sau ăn", 21, "viên"},
};
constexpr std::array kDengueDrugs = {
    DrugSpec{"Paracetamol 500mg", "Uống 1 viên/lần khi sốt trên 38,5 độ, cách nhau 4-6 giờ", 10,
             "viên"},
    DrugSpec{"Oresol 245", "Pha 1 gói với 200 ml nước đun sôi để nguội, uống trong ngày", 5, "gói"},
};
constexpr std::array kDiarrhoeaDrugs = {
    DrugSpec{"Oresol 245", "Pha 1 gói với 200 ml nước đun sôi để nguội, uống sau mỗi lần đi ngoài",
             6, "gói"},
    DrugSpec{"Kẽm gluconat 10mg", "Uống 1 viên/lần, ngày 1 lần, trong 10 ngày", 10, "viên"},
};
constexpr std::array kGastritisDrugs = {
    DrugSpec{"Omeprazol 20mg", "Uống 1 viên/lần, ngày 1 lần, trước ăn sáng 30 phút", 28, "viên"},
};
constexpr std::array kPainDrugs = {
    DrugSpec{"Meloxicam 7,5mg", "Uống 1 viên/lần, ngày 1 lần, sau ăn", 10, "viên"},
    DrugSpec{"Paracetamol 500mg", "Uống 1 viên/lần khi đau, tối đa 4 lần/ngày", 10, "viên"},
};
constexpr std::array kWoundDrugs = {
    DrugSpec{"Cephalexin 500mg", "Uống 1 viên/lần, ngày 3 lần, trong 5 ngày", 15, "viên"},
    DrugSpec{"Paracetamol 500mg", "Uống 1 viên/lần khi đau, tối đa 4 lần/ngày", 10, "viên"},
};
constexpr std::array kAsthmaDrugs = {
    DrugSpec{"Salbutamol 100mcg/liều (bình xịt)", "Xịt 2 nhát khi khó thở, tối đa 4 lần/ngày", 1,
             "bình"},
};
constexpr std::array kUtiDrugs = {
    DrugSpec{"Ciprofloxacin 500mg", "Uống 1 viên/lần, ngày 2 lần, trong 7 ngày", 14, "viên"},
};
constexpr std::array kSkinDrugs = {
    DrugSpec{"Loratadin 10mg", "Uống 1 viên/lần, ngày 1 lần", 10, "viên"},
};
constexpr std::array kEyeDrugs = {
    DrugSpec{"Tobramycin 0,3% (thuốc nhỏ mắt)", "Nhỏ mắt 1-2 giọt/lần, ngày 4 lần", 1, "lọ"},
};
constexpr std::array kHypertensionDrugs = {
    DrugSpec{"Amlodipin 5mg", "Uống 1 viên/lần, ngày 1 lần vào buổi sáng", 30, "viên"},
    DrugSpec{"Losartan 50mg", "Uống 1 viên/lần, ngày 1 lần", 30, "viên"},
};
constexpr std::array kDiabetesDrugs = {
    DrugSpec{"Metformin 850mg", "Uống 1 viên/lần, ngày 2 lần, sau ăn sáng và tối", 60, "viên"},
    DrugSpec{"Gliclazid 30mg", "Uống 1 viên/lần, ngày 1 lần trước ăn sáng", 30, "viên"},
};
constexpr std::array kLipidDrugs = {
    DrugSpec{"Atorvastatin 20mg", "Uống 1 viên/lần, ngày 1 lần vào buổi tối", 30, "viên"},
};
constexpr std::array kArthritisDrugs = {
    DrugSpec{"Glucosamin 500mg", "Uống 1 viên/lần, ngày 2 lần, sau ăn", 60, "viên"},
    DrugSpec{"Meloxicam 7,5mg", "Uống 1 viên/lần, ngày 1 lần, sau ăn", 15, "viên"},
};
constexpr std::array kPregnancyDrugs = {
    DrugSpec{"Sắt (II) fumarat 162mg + Acid folic 0,75mg", "Uống 1 viên/lần, ngày 1 lần, sau ăn",
             30, "viên"},
};
constexpr std::array kDeliveryDrugs = {
    DrugSpec{"Oxytocin 5UI/1ml", "Tiêm bắp 10 đơn vị ngay sau sổ thai", 2, "ống"},
};
constexpr std::array kAppendicitisDrugs = {
    DrugSpec{"Ceftriaxon 1g", "Tiêm tĩnh mạch 1 lọ/lần, ngày 2 lần", 10, "lọ"},
};
constexpr std::array kChestPainDrugs = {
    DrugSpec{"Aspirin 81mg", "Uống 1 viên/lần, ngày 1 lần, sau ăn", 30, "viên"},
    DrugSpec{"Nitroglycerin 0,5mg (ngậm dưới lưỡi)", "Ngậm 1 viên dưới lưỡi khi đau ngực", 10,
             "viên"},
};

constexpr int kOld = 120;

// Names as in icd10-vn.csv (name_vi). Ages chosen inside the appendix rules.
const std::array kAcute = {
    DiagnosisSpec{"J00", "Viêm mũi họng cấp [cảm thường]", 0, kOld, false, false, false,
                  S::kOutpatient, 18, Lab::kNone, kColdDrugs},
    DiagnosisSpec{"J02.9", "Viêm họng cấp, không đặc hiệu", 1, kOld, false, false, false,
                  S::kOutpatient, 12, Lab::kNone, kThroatDrugs},
    DiagnosisSpec{"J06.9", "Nhiễm trùng đường hô hấp trên cấp, không phân loại", 0, kOld, false,
                  false, false, S::kOutpatient, 14, Lab::kNone, kColdDrugs},
    DiagnosisSpec{"J20.9", "Viêm phế quản cấp, không phân loại", 0, kOld, false, false, false,
                  S::kOutpatient, 7, Lab::kBloodCount, kPneumoniaDrugs},
    DiagnosisSpec{"J18.9", "Viêm phổi, không đặc hiệu", 0, kOld, false, false, false, S::kInpatient,
                  3, Lab::kBloodCount, kPneumoniaDrugs},
    DiagnosisSpec{"A90", "Sốt Dengue (Dengue cổ điển)", 1, kOld, false, false, true, S::kOutpatient,
                  3, Lab::kBloodCount, kDengueDrugs},
    DiagnosisSpec{"A09.9", "Viêm dạ dày - ruột và viêm đại tràng khác không rõ nguyên nhân", 0,
                  kOld, false, false, false, S::kOutpatient, 6, Lab::kNone, kDiarrhoeaDrugs},
    DiagnosisSpec{"K29.7", "Viêm dạ dày, không đặc hiệu", 15, kOld, false, false, false,
                  S::kOutpatient, 6, Lab::kNone, kGastritisDrugs},
    DiagnosisSpec{"M54.5", "Đau cột sống thắt lưng", 18, kOld, false, false, false, S::kOutpatient,
                  5, Lab::kNone, kPainDrugs},
    DiagnosisSpec{"S61.0", "Vết thương hở các ngón tay không tổn thương móng", 3, kOld, false,
                  false, false, S::kEmergency, 2.5, Lab::kNone, kWoundDrugs},
    DiagnosisSpec{"S93.4", "Bong gân và căng cơ cổ chân", 6, kOld, false, false, false,
                  S::kEmergency, 2, Lab::kNone, kPainDrugs},
    DiagnosisSpec{"S62.60", "Gãy xương các ngón tay khác, gãy kín", 6, kOld, false, false, false,
                  S::kEmergency, 1, Lab::kNone, kPainDrugs},
    DiagnosisSpec{"T14.0", "Tổn thương nông tại vùng cơ thể chưa xác định", 1, kOld, false, false,
                  false, S::kEmergency, 2, Lab::kNone, kWoundDrugs},
    DiagnosisSpec{"K35.9", "Viêm ruột thừa cấp - không đặc hiệu", 6, 80, false, false, false,
                  S::kEmergency, 0.6, Lab::kBloodCount, kAppendicitisDrugs},
    DiagnosisSpec{"J45.9", "Hen, không phân loại", 5, kOld, false, false, false, S::kOutpatient,
                  1.5, Lab::kNone, kAsthmaDrugs},
    DiagnosisSpec{"N39.0", "Nhiễm khuẩn hệ tiết niệu, vị trí không xác định", 15, kOld, false,
                  false, false, S::kOutpatient, 2.5, Lab::kBloodCount, kUtiDrugs},
    DiagnosisSpec{"L30.9", "Viêm da, không đặc hiệu", 0, kOld, false, false, false, S::kOutpatient,
                  3, Lab::kNone, kSkinDrugs},
    DiagnosisSpec{"H10.9", "Viêm kết mạc, không đặc hiệu", 0, kOld, false, false, false,
                  S::kOutpatient, 2, Lab::kNone, kEyeDrugs},
    DiagnosisSpec{"B01.9", "Thủy đậu không biến chứng", 1, 40, false, false, false, S::kOutpatient,
                  1, Lab::kNone, kColdDrugs},
    DiagnosisSpec{"I20.9", "Cơn đau thắt ngực, không đặc hiệu", 45, kOld, false, false, false,
                  S::kEmergency, 0.8, Lab::kLipids, kChestPainDrugs},
    DiagnosisSpec{"R51", "Đau đầu", 12, kOld, false, false, false, S::kOutpatient, 2, Lab::kNone,
                  kColdDrugs},
};

const std::array kChronic = {
    DiagnosisSpec{"I10", "Bệnh lý tăng huyết áp", 30, kOld, false, true, false, S::kOutpatient, 0,
                  Lab::kCreatinine, kHypertensionDrugs},
    DiagnosisSpec{"E11.9", "Bệnh đái tháo đường không phụ thuộc insuline (Chưa có biến chứng)", 30,
                  kOld, false, true, false, S::kOutpatient, 0, Lab::kGlucose, kDiabetesDrugs},
    DiagnosisSpec{"E78.5", "Tăng lipid máu, không đặc hiệu", 30, kOld, false, true, false,
                  S::kOutpatient, 0, Lab::kLipids, kLipidDrugs},
    DiagnosisSpec{"M17.9", "Thoái hóa khớp gối không đặc hiệu", 45, kOld, false, true, false,
                  S::kOutpatient, 0, Lab::kNone, kArthritisDrugs},
};

const DiagnosisSpec kPregnancyVisit{"O26.8",
                                    "Các tình trạng xác định khác liên quan đến thai nghén",
                                    18,
                                    45,
                                    true,
                                    false,
                                    false,
                                    S::kOutpatient,
                                    0,
                                    Lab::kBloodCount,
                                    kPregnancyDrugs};
const DiagnosisSpec kDelivery{
    "O80.0",          "Đẻ thường ngôi đầu", 18, 45, true, false, false, S::kInpatient, 0,
    Lab::kBloodCount, kDeliveryDrugs};

// Lịch tiêm chủng mở rộng (Bộ Y tế): age in days at which each dose is due.
constexpr std::array kSchedule = {
    VaccineDose{"08", "Vắc xin viêm gan B liều sơ sinh", 0, 1, "IM"},
    VaccineDose{"19", "Vắc xin BCG (phòng lao)", 7, 1, "IDINJ"},
    VaccineDose{"102", "Vắc xin DPT-VGB-Hib (5 trong 1)", 61, 1, "IM"},
    VaccineDose{"02", "Vắc xin bại liệt uống (OPV)", 61, 1, "PO"},
    VaccineDose{"102", "Vắc xin DPT-VGB-Hib (5 trong 1)", 91, 2, "IM"},
    VaccineDose{"02", "Vắc xin bại liệt uống (OPV)", 91, 2, "PO"},
    VaccineDose{"102", "Vắc xin DPT-VGB-Hib (5 trong 1)", 122, 3, "IM"},
    VaccineDose{"02", "Vắc xin bại liệt uống (OPV)", 122, 3, "PO"},
    VaccineDose{"10", "Vắc xin bại liệt tiêm (IPV)", 152, 1, "IM"},
    VaccineDose{"05", "Vắc xin sởi", 274, 1, "SQ"},
    VaccineDose{"10", "Vắc xin bại liệt tiêm (IPV)", 274, 2, "IM"},
    VaccineDose{"39", "Vắc xin viêm não Nhật Bản", 365, 1, "SQ"},
    VaccineDose{"39", "Vắc xin viêm não Nhật Bản", 379, 2, "SQ"},
    VaccineDose{"04", "Vắc xin sởi - rubella (MR)", 548, 1, "SQ"},
    VaccineDose{"01", "Vắc xin DPT nhắc lại", 548, 4, "IM"},
    VaccineDose{"39", "Vắc xin viêm não Nhật Bản", 730, 3, "SQ"},
};

}  // namespace

std::span<const DiagnosisSpec> AcuteDiagnoses() { return kAcute; }
std::span<const DiagnosisSpec> ChronicDiagnoses() { return kChronic; }
const DiagnosisSpec& PregnancyVisit() { return kPregnancyVisit; }
const DiagnosisSpec& Delivery() { return kDelivery; }
std::span<const VaccineDose> ExpandedProgrammeSchedule() { return kSchedule; }

}  // namespace lienthong::synth
