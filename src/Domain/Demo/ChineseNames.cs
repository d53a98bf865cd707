namespace AssessmentEngine.Domain.Demo;

/// <summary>Names for demo people and units, drawn from small tables so that output is reproducible.</summary>
internal static class ChineseNames
{
    // Common surnames, most frequent first, so a uniform draw over the first part looks natural.
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余",
        "杜", "叶", "程", "魏", "苏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石",
    ];

    private static readonly string[] GivenChars =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
        "刚", "桂", "英", "华", "建", "国", "文", "辉", "力", "鹏", "宇", "浩", "凯", "斌", "波", "俊", "峰", "红", "玲", "斐",
        "晨", "阳", "鑫", "帅", "亮", "博", "宁", "健", "毅", "志", "海", "东", "林", "新", "春", "龙", "飞", "成", "德", "兵",
    ];

    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

    public static string Person(Random random)
    {
        var surname = Surnames[random.Next(Surnames.Length)];
        var first = GivenChars[random.Next(GivenChars.Length)];
        return random.Next(3) == 0
            ? string.Concat(surname, first)
            : string.Concat(surname, first, GivenChars[random.Next(GivenChars.Length)]);
    }

    /// <summary>一, 二 … 十, 十一 … 九十九; larger numbers in Arabic digits.</summary>
    public static string Numeral(int n)
    {
        if (n is < 1 or > 99)
            return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (n < 10)
            return Digits[n];
        var tens = n / 10;
        var ones = n % 10;
        return string.Concat(tens == 1 ? string.Empty : Digits[tens], "十", ones == 0 ? string.Empty : Digits[ones]);
    }
}
