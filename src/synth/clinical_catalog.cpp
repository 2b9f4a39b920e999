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
                  3, Lab::kDengue, kDengueDrugs},
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
constexpr std::array kCaesareanDrugs = {
    DrugSpec{"Cefazolin 1g", "Tiêm tĩnh mạch 1 lọ trước rạch da 30 phút", 1, "lọ"},
    DrugSpec{"Oxytocin 5UI/1ml", "Tiêm tĩnh mạch chậm 5 đơn vị sau khi lấy thai", 2, "ống"},
};
const DiagnosisSpec kCaesarean{"O82.9",
                               "Mổ lấy thai chưa xác định rõ",
                               18,
                               45,
                               true,
                               false,
                               false,
                               S::kInpatient,
                               0,
                               Lab::kBloodCount,
                               kCaesareanDrugs};
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

// Names as in icd9cm-vn-procedures.csv (icd9cm_name_vi).
constexpr ProcedureSpec kNone{"", "", 0};
constexpr ProcedureSpec kLaparoscopicAppendectomy{"47.01", "Nội soi ổ bụng cắt bỏ ruột thừa", 60};
constexpr ProcedureSpec kOpenAppendectomy{"47.09", "Cắt bỏ ruột thừa khác", 60};
constexpr ProcedureSpec kAbdominalUltrasound{"88.76", "Siêu âm chẩn đoán bụng và sau màng bụng",
                                             15};
constexpr ProcedureSpec kSkinSuture{"86.59", "Đóng da và mô dưới da ở vị trí khác", 20};
constexpr ProcedureSpec kWoundDressing{"93.57", "Sử dụng băng vết thương khác", 10};
constexpr ProcedureSpec kSplint{"93.54", "Sử dụng nẹp", 15};
constexpr ProcedureSpec kNormalDelivery{"73.59", "Đẻ hỗ trợ bằng tay khác", 60};
constexpr ProcedureSpec kCaesareanSection{"74.99", "Mổ lấy thai với kiểu không xác định", 60};
constexpr ProcedureSpec kObstetricUltrasound{"88.78", "Siêu âm chẩn đoán tử cung có thai", 15};
constexpr ProcedureSpec kGastroscopy{"44.13", "Soi dạ dày khác", 20};
constexpr ProcedureSpec kEcg{"89.52", "Điện tâm đồ", 10};
constexpr ProcedureSpec kEchocardiography{"88.72", "Siêu âm chẩn đoán tim", 20};
constexpr ProcedureSpec kChestXray{"87.49", "Chụp X quang ngực khác", 10};
constexpr ProcedureSpec kNebulisation{"93.94", "Xịt thuốc vào đường hô hấp (xông, xịt)", 15};
constexpr ProcedureSpec kLumbarXray{"87.24", "Chụp X quang khác cột sống thắt lưng cùng", 10};
constexpr ProcedureSpec kUrinaryUltrasound{"88.75", "Siêu âm chẩn đoán hệ niệu", 15};
constexpr ProcedureSpec kInfusion{"99.29", "Tiêm hoặc truyền thuốc điều trị hoặc dự phòng khác",
                                  30};
constexpr ProcedureSpec kHeadCt{"87.03", "Chụp cắt lớp vi tính sọ cắt ngang", 15};
constexpr ProcedureSpec kCpr{"99.6", "Hồi sức tim phổi, không xác định", 30};

constexpr std::array kProcedureRules = {
    ProcedureRule{"K35.9", S::kEmergency, false, 0.9, kAbdominalUltrasound, kNone, 0},
    ProcedureRule{"K35.9", S::kInpatient, false, 1.0, kLaparoscopicAppendectomy, kOpenAppendectomy,
                  0.3},
    ProcedureRule{"S61.0", S::kEmergency, false, 0.85, kSkinSuture, kNone, 0},
    ProcedureRule{"T14.0", S::kEmergency, false, 0.7, kWoundDressing, kNone, 0},
    ProcedureRule{"S62.60", S::kEmergency, false, 1.0, kSplint, kNone, 0},
    ProcedureRule{"S93.4", S::kEmergency, false, 0.6, kSplint, kNone, 0},
    ProcedureRule{"O80.0", S::kInpatient, false, 1.0, kNormalDelivery, kNone, 0},
    ProcedureRule{"O82.9", S::kInpatient, false, 1.0, kCaesareanSection, kNone, 0},
    ProcedureRule{"O26.8", S::kOutpatient, false, 0.7, kObstetricUltrasound, kNone, 0},
    ProcedureRule{"K29.7", S::kOutpatient, true, 0.25, kGastroscopy, kNone, 0},
    ProcedureRule{"I20.9", S::kEmergency, false, 1.0, kEcg, kNone, 0},
    ProcedureRule{"I20.9", S::kInpatient, false, 0.6, kEchocardiography, kNone, 0},
    ProcedureRule{"J18.9", S::kInpatient, false, 0.9, kChestXray, kNone, 0},
    ProcedureRule{"J18.9", S::kInpatient, false, 0.5, kNebulisation, kNone, 0},
    ProcedureRule{"J20.9", S::kOutpatient, true, 0.2, kChestXray, kNone, 0},
    ProcedureRule{"J45.9", S::kOutpatient, false, 0.5, kNebulisation, kNone, 0},
    ProcedureRule{"M54.5", S::kOutpatient, true, 0.3, kLumbarXray, kNone, 0},
    ProcedureRule{"N39.0", S::kOutpatient, true, 0.3, kUrinaryUltrasound, kNone, 0},
    ProcedureRule{"A90", S::kInpatient, false, 0.6, kInfusion, kNone, 0},
    ProcedureRule{"I10", S::kOutpatient, true, 0.15, kEcg, kNone, 0},
    ProcedureRule{"I64", S::kInpatient, false, 0.9, kHeadCt, kNone, 0},
    ProcedureRule{"I61.9", S::kEmergency, false, 0.9, kHeadCt, kNone, 0},
    ProcedureRule{"S06.9", S::kEmergency, false, 0.9, kHeadCt, kNone, 0},
    ProcedureRule{"I21.9", S::kEmergency, false, 1.0, kEcg, kNone, 0},
    ProcedureRule{"J44.9", S::kInpatient, false, 0.8, kNebulisation, kNone, 0},
};

// Leading causes of death in Vietnam (WHO and GSO estimates), coarsely
// weighted by age: newborn conditions in the first year, drowning and
// injuries in children, road injuries in young adults, stroke, heart
// disease, cancers, COPD and cirrhosis later in life.
const std::array kCausesOfDeath = {
    CauseOfDeath{
        {"P07.3", "Trẻ đẻ non khác", 0, 0, false, false, false, S::kInpatient, 0, Lab::kNone, {}},
        {30, 0, 0, 0}},
    CauseOfDeath{{"P21.9",
                  "Ngạt khi đẻ, chưa xác định",
                  0,
                  0,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {20, 0, 0, 0}},
    CauseOfDeath{{"P36.9",
                  "Nhiễm khuẩn không được định rõ của trẻ sơ sinh",
                  0,
                  0,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {15, 0, 0, 0}},
    CauseOfDeath{{"P22.0",
                  "Hội chứng suy hô hấp của trẻ sơ sinh",
                  0,
                  0,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {10, 0, 0, 0}},
    CauseOfDeath{{"J18.9",
                  "Viêm phổi, không đặc hiệu",
                  0,
                  kOld,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {15, 15, 3, 6}},
    CauseOfDeath{{"A41.9",
                  "Nhiễm trùng huyết, không xác định",
                  0,
                  kOld,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {10, 8, 3, 4}},
    CauseOfDeath{{"T75.1",
                  "Đuối và bị nhấn chìm không chết",
                  1,
                  kOld,
                  false,
                  false,
                  false,
                  S::kEmergency,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 30, 3, 0.5}},
    CauseOfDeath{{"S06.9",
                  "Tổn thương nội sọ không đặc hiệu",
                  1,
                  kOld,
                  false,
                  false,
                  false,
                  S::kEmergency,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 20, 30, 5}},
    CauseOfDeath{{"T07",
                  "Đa tổn thương chưa xác định",
                  1,
                  kOld,
                  false,
                  false,
                  false,
                  S::kEmergency,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 5, 10, 2}},
    CauseOfDeath{{"C22.0",
                  "Ung thư biểu mô tế bào gan",
                  20,
                  kOld,
                  false,
                  false,
                  false,
                  S::kHome,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 10, 10}},
    CauseOfDeath{{"C34.9",
                  "U ác của khí quản hoặc phổi, không đặc hiệu",
                  30,
                  kOld,
                  false,
                  false,
                  false,
                  S::kHome,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 3, 8}},
    CauseOfDeath{{"C16.9",
                  "U ác của dạ dày không đặc hiệu",
                  30,
                  kOld,
                  false,
                  false,
                  false,
                  S::kHome,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 3, 4}},
    CauseOfDeath{{"C50.9",
                  "U ác của vú không đặc hiệu",
                  25,
                  kOld,
                  true,
                  false,
                  false,
                  S::kHome,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 3, 2}},
    CauseOfDeath{{"I64",
                  "Đột quị, không xác định do xuất huyết hay nhồi máu (Tai biến mạch máu não)",
                  30,
                  kOld,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 6, 25}},
    CauseOfDeath{{"I61.9",
                  "Xuất huyết nội sọ, không đặc hiệu",
                  18,
                  kOld,
                  false,
                  false,
                  false,
                  S::kEmergency,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 4, 6}},
    CauseOfDeath{{"I21.9",
                  "Nhồi máu cơ tim cấp, không đặc hiệu",
                  30,
                  kOld,
                  false,
                  false,
                  false,
                  S::kEmergency,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 4, 10}},
    CauseOfDeath{{"I50.9",
                  "Suy tim, không đặc hiệu",
                  40,
                  kOld,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 1, 6}},
    CauseOfDeath{{"J44.9",
                  "Bệnh phổi tắc nghẽn mãn tính, không phân loại",
                  40,
                  kOld,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 1, 8}},
    CauseOfDeath{{"K74.6",
                  "Xơ gan khác và không đặc hiệu",
                  25,
                  kOld,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 4, 5}},
    CauseOfDeath{{"N18.5",
                  "Suy thận mạn, giai đoạn 5",
                  20,
                  kOld,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 2, 4}},
    CauseOfDeath{{"A15.0",
                  "Lao phổi, xác nhận bằng soi đờm có cấy hoặc không cấy đờm",
                  15,
                  kOld,
                  false,
                  false,
                  false,
                  S::kInpatient,
                  0,
                  Lab::kNone,
                  {}},
                 {0, 0, 2, 2}},
};

// Recorded allergies: drugs (beta-lactams above all) and foods (seafood
// first, as in Vietnamese surveys).
constexpr std::array kAllergies = {
    AllergySpec{"91936005", "Allergy to penicillin", "Dị ứng penicilin",
                AllergyCategory::kMedication, 30, true, false},
    AllergySpec{"294505008", "Allergy to amoxicillin", "Dị ứng amoxicilin",
                AllergyCategory::kMedication, 20, true, false},
    AllergySpec{"", "", "Dị ứng kháng sinh nhóm cephalosporin", AllergyCategory::kMedication, 8,
                false, true},
    AllergySpec{"", "", "Dị ứng thuốc chống viêm không steroid (aspirin, ibuprofen)",
                AllergyCategory::kMedication, 6, false, false},
    AllergySpec{"300913006", "Allergy to shellfish", "Dị ứng hải sản (tôm, cua, sò)",
                AllergyCategory::kFood, 25, false, false},
    AllergySpec{"417532002", "Allergy to fish", "Dị ứng cá biển", AllergyCategory::kFood, 5, false,
                false},
    AllergySpec{"91935009", "Allergy to peanut", "Dị ứng lạc (đậu phộng)", AllergyCategory::kFood,
                4, false, false},
    AllergySpec{"213020009", "Allergy to egg protein", "Dị ứng trứng", AllergyCategory::kFood, 3,
                false, false},
    AllergySpec{"782555009", "Allergy to cow's milk protein", "Dị ứng đạm sữa bò",
                AllergyCategory::kFood, 3, false, false},
};

// Vietnam's 2021-2022 campaign; shares of first doses rounded.
constexpr std::array kCovidVaccines = {
    CovidVaccine{"210", "Vắc xin phòng COVID-19 Vaxzevria (AstraZeneca)", 56, 84, 40},
    CovidVaccine{"208", "Vắc xin phòng COVID-19 Comirnaty (Pfizer-BioNTech)", 21, 28, 25},
    CovidVaccine{"510", "Vắc xin phòng COVID-19 Vero Cell (Sinopharm)", 21, 28, 25},
    CovidVaccine{"207", "Vắc xin phòng COVID-19 Spikevax (Moderna)", 28, 35, 10},
};

}  // namespace

std::span<const DiagnosisSpec> AcuteDiagnoses() { return kAcute; }
std::span<const DiagnosisSpec> ChronicDiagnoses() { return kChronic; }
const DiagnosisSpec& PregnancyVisit() { return kPregnancyVisit; }
const DiagnosisSpec& Delivery() { return kDelivery; }
const DiagnosisSpec& CaesareanDelivery() { return kCaesarean; }
std::span<const ProcedureRule> ProcedureRules() { return kProcedureRules; }
const ProcedureSpec& Resuscitation() { return kCpr; }
std::span<const CauseOfDeath> CausesOfDeath() { return kCausesOfDeath; }
std::span<const AllergySpec> Allergies() { return kAllergies; }
std::span<const CovidVaccine> CovidVaccines() { return kCovidVaccines; }
const CovidVaccine& CovidVaccineByCvx(std::string_view cvx) {
  for (const CovidVaccine& v : kCovidVaccines) {
    if (v.cvx == cvx) return v;
  }
  return kCovidVaccines[0];
}
std::span<const VaccineDose> ExpandedProgrammeSchedule() { return kSchedule; }

}  // namespace lienthong::synth
