namespace ServiceIndex.Simulator;

/// <summary>Which units handle a procedure.</summary>
internal enum ProcedureScope
{
    /// <summary>Provincial agencies whose <c>fields</c> list the procedure's field (the root if none).</summary>
    Agency,

    /// <summary>Every district-level unit; every commune where districts no longer exist.</summary>
    District,

    /// <summary>Every commune.</summary>
    Commune,
}

/// <summary>A procedure of the catalogue before it is assigned to units.</summary>
/// <param name="Id">Feed id.</param>
/// <param name="Name">Vietnamese name.</param>
/// <param name="Field">Domain code.</param>
/// <param name="Scope">Which units handle it.</param>
/// <param name="TimeLimitDays">Legal time limit in working days; null when the law sets none
/// (returned on the spot), so dossiers have <c>dueAt: null</c>.</param>
/// <param name="Weight">Relative popularity among the procedures of a unit.</param>
/// <param name="FeeRequired">A fee or charge applies.</param>
/// <param name="PaperResult">The result is a paper document (licence, certificate, decision); false for
/// procedures whose result is only a registration or a notice.</param>
internal sealed record ProcedureTemplate(
    string Id, string Name, string Field, ProcedureScope Scope, int? TimeLimitDays, double Weight, bool FeeRequired,
    bool PaperResult = true);

/// <summary>
/// The procedures the simulator knows, after the published catalogue of a province: names and
/// time limits as announced, popularity guessed from what one-stop offices report (land and
/// civil status dominate district and commune counters, driving licences and criminal records
/// the provincial ones). Registrations and notices (a business's notice of suspension, a
/// registration acknowledged in writing, data supplied) have no paper result.
/// </summary>
internal static class ProcedureCatalogue
{
    private const ProcedureScope A = ProcedureScope.Agency;
    private const ProcedureScope D = ProcedureScope.District;
    private const ProcedureScope C = ProcedureScope.Commune;

    public static IReadOnlyList<ProcedureTemplate> Templates { get; } =
    [
        // Land: the largest share of district work and the slowest field.
        new("dat-dai-cap-gcn-lan-dau", "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu", "dat-dai", D, 30, 6, true),
        new("dat-dai-bien-dong-chuyen-nhuong", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng, tặng cho, thừa kế", "dat-dai", D, 10, 10, true),
        new("dat-dai-chuyen-muc-dich", "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với hộ gia đình, cá nhân", "dat-dai", D, 15, 3, true),
        new("dat-dai-tach-hop-thua", "Tách thửa hoặc hợp thửa đất", "dat-dai", D, 15, 4, true),
        new("dat-dai-cap-doi-gcn", "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất", "dat-dai", D, 7, 3, true),
        new("dat-dai-cap-lai-gcn", "Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất", "dat-dai", D, 10, 1, true),
        new("dat-dai-dang-ky-the-chap", "Đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", "dat-dai", D, 3, 6, true),
        new("dat-dai-xoa-the-chap", "Xóa đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất", "dat-dai", D, 3, 4, true),
        new("dat-dai-cung-cap-du-lieu", "Cung cấp thông tin, dữ liệu đất đai", "dat-dai", D, 3, 2, true, PaperResult: false),
        new("dat-dai-dinh-chinh-gcn", "Đính chính Giấy chứng nhận đã cấp", "dat-dai", D, 10, 0.5, false),
        new("dat-dai-giao-dat-to-chuc", "Giao đất, cho thuê đất đối với tổ chức không thông qua hình thức đấu giá quyền sử dụng đất", "dat-dai", A, 20, 0.5, true),
        new("dat-dai-gia-han-su-dung", "Gia hạn sử dụng đất ngoài khu công nghệ cao, khu kinh tế", "dat-dai", A, 7, 0.3, true),
        new("dat-dai-dang-ky-bien-dong-to-chuc", "Đăng ký biến động về sử dụng đất, tài sản gắn liền với đất của tổ chức", "dat-dai", A, 10, 0.8, true),
        new("dat-dai-hoa-giai-tranh-chap", "Hòa giải tranh chấp đất đai", "dat-dai", C, 30, 0.3, false),

        // Environment.
        new("moi-truong-tham-dinh-dtm", "Thẩm định báo cáo đánh giá tác động môi trường", "moi-truong", A, 25, 0.1, true),
        new("moi-truong-giay-phep-tinh", "Cấp giấy phép môi trường (cấp tỉnh)", "moi-truong", A, 20, 0.1, true),
        new("moi-truong-khai-thac-nuoc-mat", "Cấp giấy phép khai thác, sử dụng nước mặt", "moi-truong", A, 20, 0.05, true),
        new("moi-truong-giay-phep-huyen", "Cấp giấy phép môi trường (cấp huyện)", "moi-truong", D, 15, 0.1, true),

        // Civil status: the bread and butter of communes.
        new("ho-tich-khai-sinh", "Đăng ký khai sinh", "ho-tich", C, 1, 10, false),
        new("ho-tich-ket-hon", "Đăng ký kết hôn", "ho-tich", C, 1, 3, false),
        new("ho-tich-khai-tu", "Đăng ký khai tử", "ho-tich", C, 1, 3, false),
        new("ho-tich-trich-luc", "Cấp bản sao Trích lục hộ tịch", "ho-tich", C, 1, 6, true),
        new("ho-tich-xac-nhan-hon-nhan", "Cấp Giấy xác nhận tình trạng hôn nhân", "ho-tich", C, 3, 6, true),
        new("ho-tich-cai-chinh", "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", "ho-tich", C, 3, 1.5, true),
        new("ho-tich-nhan-cha-me-con", "Đăng ký nhận cha, mẹ, con", "ho-tich", C, 3, 0.3, true),
        new("ho-tich-lien-thong-khai-sinh", "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", "ho-tich", C, 10, 1.5, false),
        new("ho-tich-khai-sinh-nuoc-ngoai", "Đăng ký khai sinh có yếu tố nước ngoài", "ho-tich", D, 3, 0.2, true),
        new("ho-tich-ket-hon-nuoc-ngoai", "Đăng ký kết hôn có yếu tố nước ngoài", "ho-tich", D, 10, 0.2, true),
        new("ho-tich-ghi-chu-nuoc-ngoai", "Ghi vào Sổ hộ tịch việc hộ tịch của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài", "ho-tich", D, 5, 0.1, true),

        // Certification: returned on the spot, no legal deadline in the system.
        new("chung-thuc-ban-sao", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp", "chung-thuc", C, null, 12, true),
        new("chung-thuc-chu-ky", "Chứng thực chữ ký trong các giấy tờ, văn bản", "chung-thuc", C, null, 4, true),
        new("chung-thuc-hop-dong", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở", "chung-thuc", C, 2, 4, true),
        new("chung-thuc-ban-sao-nuoc-ngoai", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của nước ngoài cấp", "chung-thuc", D, null, 1, true),
        new("chung-thuc-chu-ky-nguoi-dich", "Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật", "chung-thuc", D, null, 0.5, true),

        // Justice.
        new("tu-phap-ly-lich-tu-phap", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", "tu-phap", A, 10, 5, true),
        new("tu-phap-the-cong-chung-vien", "Cấp Thẻ công chứng viên", "tu-phap", A, 10, 0.05, true),
        new("tu-phap-van-phong-cong-chung", "Đăng ký hoạt động Văn phòng công chứng", "tu-phap", A, 10, 0.03, true),
        new("tu-phap-hoa-giai-vien", "Công nhận hòa giải viên", "tu-phap", C, 5, 0.1, false),

        // Enterprises and household businesses.
        new("doanh-nghiep-tu-nhan", "Đăng ký thành lập doanh nghiệp tư nhân", "doanh-nghiep", A, 3, 1, true),
        new("doanh-nghiep-tnhh-mot-thanh-vien", "Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên", "doanh-nghiep", A, 3, 1.5, true),
        new("doanh-nghiep-thay-doi", "Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "doanh-nghiep", A, 3, 3, true),
        new("doanh-nghiep-tam-ngung", "Thông báo tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo", "doanh-nghiep", A, 3, 1, false, PaperResult: false),
        new("doanh-nghiep-ho-kinh-doanh", "Đăng ký thành lập hộ kinh doanh", "doanh-nghiep", D, 3, 4, true),
        new("doanh-nghiep-ho-kinh-doanh-thay-doi", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "doanh-nghiep", D, 3, 1.5, true),
        new("doanh-nghiep-ho-kinh-doanh-cham-dut", "Chấm dứt hoạt động hộ kinh doanh", "doanh-nghiep", D, 3, 0.7, false, PaperResult: false),

        // Investment.
        new("dau-tu-chap-thuan-chu-truong", "Chấp thuận chủ trương đầu tư của Ủy ban nhân dân cấp tỉnh", "dau-tu", A, 25, 0.1, false),
        new("dau-tu-cap-gcn-dang-ky", "Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương đầu tư", "dau-tu", A, 15, 0.1, false),
        new("dau-tu-dieu-chinh-gcn", "Điều chỉnh Giấy chứng nhận đăng ký đầu tư", "dau-tu", A, 10, 0.15, false),

        // Construction.
        new("xay-dung-gpxd-nha-o", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "xay-dung", D, 15, 3, true),
        new("xay-dung-gpxd-sua-chua", "Cấp giấy phép sửa chữa, cải tạo đối với nhà ở riêng lẻ", "xay-dung", D, 15, 0.5, true),
        new("xay-dung-gpxd-cong-trinh", "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II, cấp III", "xay-dung", A, 20, 0.1, true),
        new("xay-dung-tham-dinh-bcnckt", "Thẩm định Báo cáo nghiên cứu khả thi đầu tư xây dựng", "xay-dung", A, 20, 0.1, true),
        new("xay-dung-chung-chi-hanh-nghe", "Cấp chứng chỉ hành nghề hoạt động xây dựng", "xay-dung", A, 20, 0.2, true),
        new("xay-dung-tham-dinh-thiet-ke", "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở", "xay-dung", A, 20, 0.1, true),

        // Transport.
        new("giao-thong-doi-gplx", "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp", "giao-thong", A, 5, 6, true),
        new("giao-thong-cap-lai-gplx", "Cấp lại giấy phép lái xe", "giao-thong", A, 10, 1, true),
        new("giao-thong-gplx-quoc-te", "Cấp Giấy phép lái xe quốc tế", "giao-thong", A, 5, 0.3, true),
        new("giao-thong-phu-hieu", "Cấp phù hiệu xe ô tô kinh doanh vận tải", "giao-thong", A, 2, 1, false),
        new("giao-thong-thi-cong-duong-bo", "Cấp phép thi công công trình trên đường bộ đang khai thác", "giao-thong", A, 7, 0.2, false),

        // Labour, social protection, people with merit.
        new("lao-dong-giay-phep-nuoc-ngoai", "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam", "lao-dong", A, 5, 0.3, true),
        new("lao-dong-tro-cap-that-nghiep", "Giải quyết hưởng trợ cấp thất nghiệp", "lao-dong", A, 20, 1.5, false),
        new("lao-dong-noi-quy", "Đăng ký nội quy lao động của doanh nghiệp", "lao-dong", A, 7, 0.1, false, PaperResult: false),
        new("bao-tro-xa-hoi-tro-cap-hang-thang", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng", "bao-tro-xa-hoi", D, 20, 1.5, false),
        new("bao-tro-xa-hoi-mai-tang", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "bao-tro-xa-hoi", D, 5, 0.5, false),
        new("bao-tro-xa-hoi-ho-ngheo", "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", "bao-tro-xa-hoi", C, 15, 0.3, false),
        new("bao-tro-xa-hoi-muc-song-trung-binh", "Xác nhận hộ gia đình làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình", "bao-tro-xa-hoi", C, 10, 0.5, false),
        new("nguoi-co-cong-tho-cung-liet-si", "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", "nguoi-co-cong", D, 20, 0.2, false),

        // Education.
        new("giao-duc-chuyen-truong-thpt", "Chuyển trường đối với học sinh trung học phổ thông", "giao-duc", A, 3, 0.5, false),
        new("giao-duc-ban-sao-van-bang", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", "giao-duc", A, 3, 0.8, true),
        new("giao-duc-chinh-sua-van-bang", "Chỉnh sửa nội dung văn bằng, chứng chỉ", "giao-duc", A, 5, 0.1, false),
        new("giao-duc-chuyen-truong-thcs", "Chuyển trường đối với học sinh trung học cơ sở", "giao-duc", D, 3, 0.6, false),
        new("giao-duc-mam-non-hoat-dong", "Cho phép trường mầm non hoạt động giáo dục", "giao-duc", D, 20, 0.05, false),

        // Health.
        new("y-te-chung-chi-kham-chua-benh", "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "y-te", A, 20, 0.5, true),
        new("y-te-giay-phep-phong-kham", "Cấp giấy phép hoạt động đối với phòng khám đa khoa, chuyên khoa", "y-te", A, 30, 0.05, true),
        new("y-te-an-toan-thuc-pham", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "y-te", A, 20, 0.3, true),
        new("y-te-chung-chi-duoc", "Cấp Chứng chỉ hành nghề dược", "y-te", A, 20, 0.3, true),

        // Trade.
        new("cong-thuong-ban-le-ruou", "Cấp Giấy phép bán lẻ sản phẩm rượu", "cong-thuong", D, 10, 0.4, true),
        new("cong-thuong-ban-le-thuoc-la", "Cấp Giấy phép bán lẻ sản phẩm thuốc lá", "cong-thuong", D, 10, 0.2, true),
        new("cong-thuong-cua-hang-xang-dau", "Cấp Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu", "cong-thuong", A, 15, 0.05, true),
        new("cong-thuong-an-toan-thuc-pham", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm thuộc ngành Công Thương", "cong-thuong", A, 20, 0.1, true),

        // Agriculture and fisheries.
        new("nong-nghiep-an-toan-thuc-pham", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông, lâm, thủy sản", "nong-nghiep", A, 15, 0.2, true),
        new("nong-nghiep-khai-thac-thuy-san", "Cấp, cấp lại giấy phép khai thác thủy sản", "nong-nghiep", A, 5, 0.3, true),
        new("nong-nghiep-an-toan-tau-ca", "Cấp Giấy chứng nhận an toàn kỹ thuật tàu cá", "nong-nghiep", A, 3, 0.2, true),
        new("nong-nghiep-ho-tro-thien-tai", "Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do thiên tai", "nong-nghiep", D, 15, 0.1, false),

        // Culture and tourism.
        new("du-lich-lu-hanh-noi-dia", "Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa", "du-lich", A, 5, 0.05, true),
        new("du-lich-cong-nhan-hang-luu-tru", "Công nhận hạng cơ sở lưu trú du lịch: hạng 1 sao, 2 sao, 3 sao", "du-lich", A, 25, 0.05, true),
        new("van-hoa-karaoke", "Cấp Giấy phép kinh doanh dịch vụ karaoke", "van-hoa", D, 5, 0.1, true),
        new("van-hoa-le-hoi", "Đăng ký tổ chức lễ hội cấp tỉnh", "van-hoa", A, 15, 0.02, false),

        // Finance, home affairs, information, science, ethnic affairs, foreign affairs.
        new("tai-chinh-ma-so-ngan-sach", "Đăng ký mã số đơn vị có quan hệ với ngân sách", "tai-chinh", A, 2, 0.3, false, PaperResult: false),
        new("tai-chinh-gia-dat-cu-the", "Thẩm định phương án giá đất cụ thể", "tai-chinh", A, 15, 0.05, false),
        new("noi-vu-thanh-lap-hoi", "Công nhận ban vận động thành lập hội", "noi-vu", A, 25, 0.02, false),
        new("thi-dua-bang-khen-tinh", "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh", "thi-dua", A, 20, 0.2, false),
        new("ton-giao-sinh-hoat-tap-trung", "Đăng ký sinh hoạt tôn giáo tập trung", "ton-giao", C, 20, 0.05, false, PaperResult: false),
        new("thong-tin-ban-tin", "Cấp giấy phép xuất bản bản tin", "thong-tin", A, 10, 0.02, true),
        new("thong-tin-trang-tong-hop", "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp", "thong-tin", A, 10, 0.02, true),
        new("khoa-hoc-buc-xa-x-quang", "Cấp giấy phép tiến hành công việc bức xạ - sử dụng thiết bị X-quang chẩn đoán trong y tế", "khoa-hoc", A, 15, 0.05, true),
        new("khoa-hoc-ket-qua-nhiem-vu", "Đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ không sử dụng ngân sách nhà nước", "khoa-hoc", A, 15, 0.02, false, PaperResult: false),
        new("dan-toc-nguoi-co-uy-tin", "Công nhận người có uy tín trong đồng bào dân tộc thiểu số", "dan-toc", A, 10, 0.02, false),
        new("ngoai-vu-hoi-nghi-quoc-te", "Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân tỉnh", "ngoai-vu", A, 15, 0.02, false),
    ];
}
